using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Finds the straight runs worth emitting check-free (<see cref="CheckFreeCode"/>): a run (<see cref="StraightRun"/>)
/// starts where control can arrive other than by falling through an op of a run — the function's start, a branch
/// target, the op after a branch, call or anything else a run cannot hold — and its accesses whose addresses are forms
/// of the cells where it began share one check per base: the lowest and highest byte the base's accesses touch. A
/// keccak round reads and writes its 25-word state through one pointer at 50-odd constant offsets; the run checks the
/// pointer once. A run is worth it when the check saves at least <see cref="MinSavedChecks"/> checks.
/// </summary>
internal static class CheckFreeRuns
{
    /// <summary>The least number of accesses a run's check must spare beyond its own compares (two per base) to be worth
    /// the run's second copy.</summary>
    internal const int MinSavedChecks = 4;

    /// <summary>The qualifying runs of <paramref name="code"/>, by start, none starting at a header of <paramref name="loops"/>.</summary>
    public static Dictionary<int, CheckFreeCode> Find(int[] code, IReadOnlySet<int> targets, IReadOnlyDictionary<int, CheckFreeCode> loops)
    {
        var runs = new Dictionary<int, CheckFreeCode>();
        var starts = new SortedSet<int>(targets) { 0 };
        foreach (int at in RegisterCode.Ops(code))
        {
            if (!StraightRunOp((Op)code[at])) starts.Add(at + OpLayout.Width(code, at));
        }
        foreach (int start in starts)
        {
            if (start >= code.Length || loops.ContainsKey(start)) continue;
            var run = StraightRun.Evaluate(code, targets, start, start + CheckFreeLoops.MaxBodyWords);
            if (run.End >= code.Length) continue;
            // Every cell keeps its value where the run began for the check, which reads them there: no step.
            if (CheckFreeCode.Group(run.Accesses, _ => 0) is not var (groups, proven)) continue;
            if (proven.Count - 2 * groups.Length < MinSavedChecks) continue;
            runs[start] = new CheckFreeCode(start, run.End, null, groups, proven.Keys.ToHashSet(), proven);
        }
        return runs;
    }

    /// <summary>Whether <paramref name="op"/> can be inside a straight run (what <see cref="StraightRun"/> evaluates).</summary>
    private static bool StraightRunOp(Op op) =>
        FunctionEmitter.AccessSize(op) > 0 || FunctionEmitter.WritesNoCell(op) || FunctionEmitter.WritesOnlyDestination(op);
}
