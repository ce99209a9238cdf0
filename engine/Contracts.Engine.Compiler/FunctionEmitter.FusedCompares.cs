using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// An integer comparison whose only reader is the conditional branch right after it is emitted as one IL
/// compare-and-branch. The translator fuses a comparison into its branch only when the branch pops it directly;
/// <c>i32.eq; i32.eqz; if</c> (sha256's <c>i == 252</c>) leaves <c>I32EqImm t ← i, 252; BrIfNez t</c>, which the .NET
/// JIT emitted as <c>sete; movzx; test; jne</c> (the 0/1 stored to t's local, then tested) instead of <c>cmp; je</c>.
/// <para>It qualifies when the branch (<c>BrIfNez</c>/<c>BrIfEqz</c> on the comparison's destination) immediately follows
/// it, with no fuel prefix between and no branch landing on the branch, and the destination is dead on both of the
/// branch's ways out (written before anything reads it). The comparison then writes nothing, and the branch compares
/// its operands, which nothing wrote in between (adjacent ops; the branch's own work before it — fuel charges,
/// canonicalizing dirty f64 cells — writes no integer operand: a dirty operand was canonicalized before the
/// comparison read it), so it branches exactly where the 0/1 test would; the destination's stale value is never read.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Per fused branch position, the comparison it tests (emitted by the branch; the comparison itself emits nothing).
    private Dictionary<int, int> _fusedCompares = [];
    private HashSet<int> _fusedCompareSources = [];

    /// <summary>The positions of <paramref name="function"/>'s comparisons emitted as part of the branch after them.</summary>
    internal static int[] FusedComparePositions(CompiledFunction function) =>
        [.. FusedCompares(function.Code, BranchTargets(function.Code)).Values.Order()];

    /// <summary>The qualifying comparison-and-branch pairs of <paramref name="code"/>: branch position → comparison position.</summary>
    private static Dictionary<int, int> FusedCompares(int[] code, HashSet<int> targets)
    {
        var fused = new Dictionary<int, int>();
        foreach (int at in RegisterCode.Ops(code))
        {
            var form = Forms[(int)code[at]];
            if (form.Kind != FormKind.Integer || form.Branch || !IsComparison(form.Operator)) continue;
            int branch = at + OpLayout.Width(code, at);
            if (branch >= code.Length || code[branch] < 0 || targets.Contains(branch)) continue;
            if ((Op)code[branch] is not (Op.BrIfNez or Op.BrIfEqz)) continue;
            int result = code[at + 1] / CompiledFunction.WordsPerCell;
            if (code[branch + 1] / CompiledFunction.WordsPerCell != result) continue;
            int target = branch + code[branch + 2];
            int after = branch + OpLayout.Width(code, branch);
            if (!DeadAt(code, after, result) || !DeadAt(code, target, result)) continue;
            fused[branch] = at;
        }
        return fused;
    }

    private static bool IsComparison(string @operator) =>
        @operator is "Eq" or "Ne" or "LtS" or "LtU" or "GtS" or "GtU" or "LeS" or "LeU" or "GeS" or "GeU";

    /// <summary>Finds the function's fused pairs (before anything is emitted).</summary>
    private void FindFusedCompares(HashSet<int> targets)
    {
        _fusedCompares = FusedCompares(_function.Code, targets);
        _fusedCompareSources = [.. _fusedCompares.Values];
    }

    /// <summary>Whether the comparison at <paramref name="at"/> is emitted by the branch after it (and so emits nothing here).</summary>
    private bool IsFusedCompare(int at) => _fusedCompareSources.Contains(at);

    /// <summary>At a <c>BrIfNez</c>/<c>BrIfEqz</c> at <paramref name="at"/>: when it tests a fused comparison, emits the
    /// comparison of its operands and the branch (taken when it holds for <c>BrIfNez</c>, when it fails for
    /// <c>BrIfEqz</c>); returns whether it did.</summary>
    private bool EmitFusedBranch(Op op, int at)
    {
        if (!_fusedCompares.TryGetValue(at, out int compare)) return false;
        var form = Forms[_function.Code[compare]];
        LoadInteger(compare, 2, form.Wide);
        if (form.Immediate) LoadImmediate(compare, 3, form.Wide);
        else LoadInteger(compare, 3, form.Wide);
        bool taken = op == Op.BrIfNez;
        _il.Emit((form.Operator, taken) switch
        {
            ("Eq", true) or ("Ne", false) => OpCodes.Beq,
            ("Ne", true) or ("Eq", false) => OpCodes.Bne_Un,
            ("LtS", true) or ("GeS", false) => OpCodes.Blt,
            ("LtU", true) or ("GeU", false) => OpCodes.Blt_Un,
            ("GtS", true) or ("LeS", false) => OpCodes.Bgt,
            ("GtU", true) or ("LeU", false) => OpCodes.Bgt_Un,
            ("LeS", true) or ("GtS", false) => OpCodes.Ble,
            ("LeU", true) or ("GtU", false) => OpCodes.Ble_Un,
            ("GeS", true) or ("LtS", false) => OpCodes.Bge,
            ("GeU", true) or ("LtU", false) => OpCodes.Bge_Un,
            _ => throw new InvalidOperationException($"no branch for {form.Operator}"),
        }, LabelAt(at + Word(at, 2)));
        return true;
    }
}
