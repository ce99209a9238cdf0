using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Quiet straight leaves emitted in their callers. A direct call of a leaf of a few integer ops (calls' dispatch
/// targets, a contract's small helpers) costs the argument moves, the call, the callee's prologue and return, and
/// leaves the caller's values across the call in callee-saved registers; and the .NET JIT does not inline one
/// <c>DynamicMethod</c> into another. Where a compiled caller calls such a leaf directly (or through call_indirect's
/// compare chain), the leaf's ops are emitted in the caller instead, on cells of their own (IL locals of the caller):
/// its parameters set from the arguments, its constants, its ops, its result stored where the call's would be.
/// <para>What the interpreter observes is unchanged. The leaf is a prepaid leaf's kind of code
/// (<see cref="PrepaidCharges"/>: one straight run to its return of ops that never trap and write nothing but their
/// cells) restricted to integer ops, moves and constants (<see cref="IsInlinedOp"/>): it has no memory access, global,
/// call, branch or float op, so nothing but its result leaves it, and it cannot trap. The call's own checks stay where
/// they are — the budget test that stands for the depth limit (<see cref="DepthAndBudget"/>; a call that fails it still
/// goes to the interpreter, which traps at the call where it would) and the value-stack room — and the leaf's charges are
/// made by the caller before its code, as for a prepaid leaf (the same sum, the same out-of-fuel point in the leaf). The
/// leaf's own method and frame entry stay for every other caller (the interpreter, the host, call_indirect's generic
/// path).</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>The longest leaf (in code words) emitted in its callers.</summary>
    internal const int MaxInlinedLeafWords = 48;

    /// <summary>The most call sites a function emits leaves at: each has cells of its own, and a function with too many
    /// locals gets the .NET JIT's registers for none of them (its tracked-locals limit).</summary>
    internal const int MaxInlinedSites = 24;

    private int _inlinedSites;

    /// <summary>Whether the call of defined function <paramref name="index"/> emitted here is the leaf's code in place.</summary>
    private bool InlinesLeaf(int index)
    {
        if (_inlinedSites >= MaxInlinedSites) return false;
        var leaf = _module.Functions[index];
        // In a module that charges fuel, only a prepaid leaf: its callers make its charges.
        if (_fuelInArguments && _prepaidLeaves[index] is null) return false;
        if (!IsInlinableLeaf(leaf)) return false;
        _inlinedSites++;
        return true;
    }

    /// <summary>Whether <paramref name="function"/>'s code is one straight run of integer ops, moves and constants (and
    /// charges) to its return, short enough to be emitted in its callers.</summary>
    internal static bool IsInlinableLeaf(CompiledFunction function)
    {
        var code = function.Code;
        if (code.Length > MaxInlinedLeafWords || PrepaidCharges(function) is null) return false;
        foreach (int at in RegisterCode.Ops(code))
        {
            var op = (Op)code[at];
            if (op is Op.Return1 or Op.ReturnVoid) return at + OpLayout.Width(code, at) == code.Length;
            if (!IsInlinedOp(op)) return false;
        }
        return false;
    }

    /// <summary>The ops an inlined leaf may hold: integer operators that cannot trap (no division or remainder), moves,
    /// constants, the integer conversions, and fuel charges (made by the caller).</summary>
    internal static bool IsInlinedOp(Op op)
    {
        if ((uint)op >= (uint)Forms.Length) return false;
        var form = Forms[(int)op];
        return form.Kind switch
        {
            FormKind.Integer => !form.Branch && NeverTraps(op),
            FormKind.Special => op is Op.ConsumeFuel or Op.Copy or Op.Const32 or Op.Const64 or Op.I32Eqz or Op.I64Eqz
                or Op.I32WrapI64 or Op.I64ExtendI32S or Op.I64ExtendI32U or Op.I32Extend8S or Op.I32Extend16S
                or Op.I64Extend8S or Op.I64Extend16S or Op.I64Extend32S,
            _ => false,
        };
    }

    /// <summary>Emits defined function <paramref name="index"/>'s code in place of its call: its arguments are the cells
    /// at <paramref name="argBase"/>, where its result (if any) goes.</summary>
    private void EmitInlinedLeaf(int index, int argBase)
    {
        var leaf = _module.Functions[index];
        // The leaf's own emitter writing into this method's IL, on cells (locals) of its own. It charges nothing (a
        // prepaid leaf's charges are made here) and holds no fuel, memory or counter: its ops touch none.
        var inner = new FunctionEmitter(_module, leaf, _il, direct: true, _entries, _directMethods, _costs, _memoryMovers,
            fuelInArguments: false, carriedGlobal: -1, _prepaidLeaves);
        int parameters = leaf.ParameterCount / CompiledFunction.WordsPerCell;
        for (int i = 0; i < parameters; i++)
        {
            int argument = argBase + i * CompiledFunction.WordsPerCell;
            LoadBits(argument);
            inner.StoreBits(i * CompiledFunction.WordsPerCell);
            // Within one method the JIT's trees may reach through the move: a shift the argument holds is one the
            // parameter holds (FunctionEmitter.SpelledRotations.cs), and so back for the result.
            inner.NoteMovedCell(i * CompiledFunction.WordsPerCell, ShiftLikeOf(argument), IsConstantLike(argument));
        }
        if (inner.EmitInlinedBody() is not { } result) return;
        StoreBits(argBase);
        NoteMovedCell(argBase, result.Kind, result.Constant);
    }

    /// <summary>This (a leaf's) emitter's constants and ops into the caller's IL, its parameters' cells already set; its
    /// result left on the stack, with what its cell may hold in the JIT's trees, or null without one.</summary>
    private (ShiftLike Kind, bool Constant)? EmitInlinedBody()
    {
        var constants = _function.Constants;
        for (int j = 0; j < constants.Length; j += CompiledFunction.WordsPerCell)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)constants[j]);
            StoreBits(_function.LocalCount + j);
            NoteConstantCell(_function.LocalCount + j);
        }
        var code = _function.Code;
        int at = 0;
        while (code[at] < 0 || (Op)code[at] is not (Op.Return1 or Op.ReturnVoid)) at = EmitStep(at);
        // A prepaid leaf's charges were made by the caller: nothing is emitted for them.
        FlushCharges();
        if ((Op)code[at] == Op.ReturnVoid) return null;
        int source = Word(at, 1);
        LoadBits(source);
        return (ShiftLikeOf(source), IsConstantLike(source));
    }
}
