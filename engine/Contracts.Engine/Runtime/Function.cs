using Contracts.Engine.Execution;
using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>
/// A function instance: either Wasm code of an <see cref="Runtime.Instance"/> or a host callback. Belongs to one
/// <see cref="Runtime.Store"/>, in which it has a handle (its funcref encoding is handle + 1).
/// </summary>
public sealed partial class Function : Extern
{
    internal readonly CompiledFunction? Code;
    internal readonly Instance? Owner;
    internal readonly HostFunctionCallback? Host;
    internal readonly int Handle;

    internal Function(Store store, FunctionType type, CompiledFunction code, Instance owner)
    {
        Store = store;
        Type = type;
        Code = code;
        Owner = owner;
        Handle = store.RegisterFunction(this);
    }

    internal Function(Store store, FunctionType type, HostFunctionCallback host)
    {
        Store = store;
        Type = type;
        Host = host;
        Handle = store.RegisterFunction(this);
    }

    public override ExternalKind Kind => ExternalKind.Function;
    public Store Store { get; }
    public FunctionType Type { get; }
    public bool IsHost => Host is not null;
}
