using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>
/// A store-independent host function held by a <see cref="Linker"/>. Each store that instantiates a module importing
/// it gets its own <see cref="Function"/>, created once and cached by the store under this object's identity.
/// </summary>
internal sealed class HostFunctionDefinition(FunctionType type, HostFunctionCallback callback)
{
    public FunctionType Type { get; } = type;
    public HostFunctionCallback Callback { get; } = callback;
}
