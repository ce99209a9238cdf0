using System.Reflection.Emit;

namespace Contracts.Engine.Compiler;

/// <summary>The carried counter's entry check a direct method leaves to its callers' budget test (<see cref="ImpliedHeightChecks"/>).</summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>The code position of the entry check this direct method does not make (its addition stays), or -1.</summary>
    public int ImpliedHeightCheckAt { get; init; } = -1;

    /// <summary>At a <see cref="Op.GlobalAddBrIfLeU"/> whose addition is emitted: when it is the implied entry check, the
    /// branch to where the check passes, unconditionally (the fall-through, the limit's trap, is then never reached).</summary>
    private bool EmitImpliedHeightCheck(int at)
    {
        if (at != ImpliedHeightCheckAt) return false;
        _il.Emit(OpCodes.Br, LabelAt(at + Word(at, 4)));
        return true;
    }
}
