using Contracts.Engine.Model;

namespace Contracts.Engine.Runtime;

/// <summary>A global variable; its value is kept in the interpreter's slot encoding (see <see cref="Table"/>).</summary>
public sealed partial class Global(GlobalType type, ulong bits) : Extern
{
    internal ulong Bits = bits;
    /// <summary>The high 8 bytes of a v128 global (0 for every other type).</summary>
    internal ulong HighBits;

    public override ExternalKind Kind => ExternalKind.Global;
    public GlobalType Type { get; } = type;
}
