using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Finds the loops worth emitting check-free (<see cref="CheckFreeCode"/>). A loop qualifies when its body is one
/// <see cref="StraightRun"/> ending in its conditional back edge, and its exit test is a 32-bit "≠" (<c>br_if</c> on
/// non-zero, or on ≠ a constant or a value the loop does not change) of a value moving by a constant step. A cell the
/// iteration moves by a constant is an induction variable, a cell it does not write is invariant. An access whose
/// address is a form over invariant cells and induction variables then has, at iteration t, the address
/// B0 + k + t·S (mod 2^32), B0 the form's value before the loop — exact when that sum stays within [0, 2^32), which the
/// check ensures.
/// </summary>
internal static class CheckFreeLoops
{
    // A longer body is not duplicated (IL and .NET JIT time grow with it).
    internal const int MaxBodyWords = 2048;

    /// <summary>The qualifying loops of <paramref name="code"/>, by header; <paramref name="targets"/> are its branch targets.</summary>
    public static Dictionary<int, CheckFreeCode> Find(int[] code, IReadOnlySet<int> targets)
    {
        var loops = new Dictionary<int, CheckFreeCode>();
        foreach (int at in RegisterCode.Ops(code))
        {
            int branch = (Op)code[at] switch
            {
                Op.BrIfNez => 2,
                Op.BrIfI32NeImm or Op.BrIfI32Ne => 3,
                _ => 0,
            };
            if (branch == 0) continue;
            int header = at + code[at + branch];
            int end = at + OpLayout.Width(code, at);
            if (header >= at || at - header > MaxBodyWords || end >= code.Length || loops.ContainsKey(header)) continue;
            if (Analyze(code, targets, header, at) is { } loop) loops[header] = loop;
        }
        return loops;
    }

    private static CheckFreeCode? Analyze(int[] code, IReadOnlySet<int> targets, int header, int backEdge)
    {
        var body = StraightRun.Evaluate(code, targets, header, backEdge);
        if (body.End != backEdge || targets.Contains(backEdge)) return null;

        // Per cell the iteration writes: its step when it is its entry value plus a constant, else null (varying).
        var steps = new Dictionary<int, int?>();
        foreach (var (cell, value) in body.Written)
            steps[cell] = value is not null && value.IsEntryOf(cell) ? value.Constant : null;
        int? StepOf(AffineValue value)
        {
            int step = 0;
            foreach (var (cell, coefficient) in value.Terms)
            {
                if (!steps.TryGetValue(cell, out int? cellStep)) continue;   // not written: invariant
                if (cellStep is not int known) return null;
                step = unchecked(step + coefficient * known);
            }
            return step;
        }

        if (Trip(code, backEdge, body, StepOf) is not { } trip) return null;
        if (CheckFreeCode.Group(body.Accesses, StepOf) is not var (groups, proven)) return null;
        return new CheckFreeCode(header, backEdge + OpLayout.Width(code, backEdge), trip, groups, proven.Keys.ToHashSet(), proven);
    }

    /// <summary>The back edge's exit test as a <see cref="LoopTrip"/>, or null when it is not a "≠" of a moving value
    /// against a fixed one.</summary>
    private static LoopTrip? Trip(int[] code, int backEdge, StraightRun body, Func<AffineValue, int?> stepOf)
    {
        var op = (Op)code[backEdge];
        var tested = body.ValueAtEnd(code[backEdge + 1]);
        var bound = op switch
        {
            Op.BrIfNez => AffineValue.Of(0),
            Op.BrIfI32NeImm => AffineValue.Of(code[backEdge + 2]),
            _ => body.ValueAtEnd(code[backEdge + 2]),
        };
        if (tested is null || bound is null) return null;
        if (stepOf(tested) is not int step || step == 0 || step == int.MinValue) return null;
        if (stepOf(bound) is not 0) return null;
        return new LoopTrip(tested, bound, step);
    }
}
