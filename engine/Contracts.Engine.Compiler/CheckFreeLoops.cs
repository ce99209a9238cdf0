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
/// <para>A loop may also leave in the middle: its body a straight run but for one conditional branch out of the loop
/// (to the op after its back edge), then an unconditional back edge — sha256's round, <c>loop { …; if (i != 252) {
/// …; br 0 } }</c>. Its exit is taken when a value moving by a constant step equals a fixed one (<c>br_if</c> on zero,
/// on = a constant or a fixed value, or on non-zero of such an equality computed right before it); the iteration
/// where it is taken runs only the part before it, so checking every access over every iteration up to that one
/// covers more than runs (a check that fails for it only sends the loop to its checked code).</para>
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
            var op = (Op)code[at];
            if (op is not (Op.BrIfNez or Op.BrIfI32NeImm or Op.BrIfI32Ne or Op.Br)) continue;
            int header = at + code[at + 1 + OpLayout.Of(op).IndexOf('b')];
            int end = at + OpLayout.Width(code, at);
            if (header >= at || at - header > MaxBodyWords || end >= code.Length || loops.ContainsKey(header)) continue;
            var loop = op == Op.Br ? AnalyzeMiddleExit(code, targets, header, at) : Analyze(code, targets, header, at);
            if (loop is not null) loops[header] = loop;
        }
        return loops;
    }

    private static CheckFreeCode? Analyze(int[] code, IReadOnlySet<int> targets, int header, int backEdge)
    {
        var body = StraightRun.Evaluate(code, targets, header, backEdge);
        if (body.End != backEdge || targets.Contains(backEdge)) return null;
        var stepOf = StepsOf(body);
        if (Trip(code, backEdge, body, stepOf) is not { } trip) return null;
        if (CheckFreeCode.Group(body.Accesses, stepOf) is not var (groups, proven)) return null;
        return new CheckFreeCode(header, backEdge + OpLayout.Width(code, backEdge), trip, groups, proven.Keys.ToHashSet(), proven);
    }

    /// <summary>A loop ending in the unconditional back edge at <paramref name="backEdge"/> whose body is a straight run
    /// but for one conditional branch to the op after it (see the type's summary).</summary>
    private static CheckFreeCode? AnalyzeMiddleExit(int[] code, IReadOnlySet<int> targets, int header, int backEdge)
    {
        int end = backEdge + OpLayout.Width(code, backEdge);
        // The part before the exit: a straight run that stops at the exit's branch.
        var before = StraightRun.Evaluate(code, targets, header, backEdge);
        int exit = before.End;
        if (exit >= backEdge || code[exit] < 0 || targets.Contains(exit)) return null;
        var op = (Op)code[exit];
        var layout = OpLayout.Of(op);
        int branch = layout.IndexOf('b');
        if (!IsConditionalExit(op) || exit + code[exit + 1 + branch] != end) return null;
        // The whole body with the exit not taken.
        var body = StraightRun.Evaluate(code, targets, header, backEdge, exit);
        if (body.End != backEdge || targets.Contains(backEdge)) return null;
        var stepOf = StepsOf(body);
        if (ExitTrip(code, exit, before, stepOf) is not { } trip) return null;
        if (CheckFreeCode.Group(body.Accesses, stepOf) is not var (groups, proven)) return null;
        return new CheckFreeCode(header, end, trip, groups, proven.Keys.ToHashSet(), proven, exit);
    }

    private static bool IsConditionalExit(Op op) => op is Op.BrIfEqz or Op.BrIfNez or Op.BrIfI32EqImm or Op.BrIfI32Eq;

    /// <summary>The exit's test (taken when the moving value equals the fixed one) as a <see cref="LoopTrip"/>, from the
    /// values where it stands (<paramref name="before"/> ends there), or null.</summary>
    private static LoopTrip? ExitTrip(int[] code, int exit, StraightRun before, Func<AffineValue, int?> stepOf)
    {
        AffineValue? tested, bound;
        switch ((Op)code[exit])
        {
            case Op.BrIfEqz:
                (tested, bound) = (before.ValueAtEnd(code[exit + 1]), AffineValue.Of(0));
                break;
            case Op.BrIfI32EqImm:
                (tested, bound) = (before.ValueAtEnd(code[exit + 1]), AffineValue.Of(code[exit + 2]));
                break;
            case Op.BrIfI32Eq:
                (tested, bound) = (before.ValueAtEnd(code[exit + 1]), before.ValueAtEnd(code[exit + 2]));
                break;
            default:
            {
                // br_if on non-zero of an equality the op right before computes (the translator's `i32.eq; i32.eqz; if`).
                int previous = -1;
                foreach (int at in RegisterCode.Ops(code, before.Start, exit)) previous = at;
                if (previous < 0) return null;
                var compare = (Op)code[previous];
                int result = code[previous + 1] / CompiledFunction.WordsPerCell;
                if (compare is not (Op.I32Eq or Op.I32EqImm) || code[exit + 1] / CompiledFunction.WordsPerCell != result) return null;
                if (code[previous + 2] / CompiledFunction.WordsPerCell == result) return null;
                if (compare == Op.I32Eq && code[previous + 3] / CompiledFunction.WordsPerCell == result) return null;
                tested = before.ValueAtEnd(code[previous + 2]);
                bound = compare == Op.I32EqImm ? AffineValue.Of(code[previous + 3]) : before.ValueAtEnd(code[previous + 3]);
                break;
            }
        }
        if (tested is null || bound is null) return null;
        if (stepOf(tested) is not int step || step == 0 || step == int.MinValue) return null;
        if (stepOf(bound) is not 0) return null;
        return new LoopTrip(tested, bound, step);
    }

    /// <summary>Per form over the cells where an iteration of <paramref name="body"/> begins, how far one iteration moves
    /// it (0: invariant), or null when a cell in it varies otherwise.</summary>
    private static Func<AffineValue, int?> StepsOf(StraightRun body)
    {

        // Per cell the iteration writes: its step when it is its entry value plus a constant, else null (varying).
        var steps = new Dictionary<int, int?>();
        foreach (var (cell, value) in body.Written)
            steps[cell] = value is not null && value.IsEntryOf(cell) ? value.Constant : null;
        return value =>
        {
            int step = 0;
            foreach (var (cell, coefficient) in value.Terms)
            {
                if (!steps.TryGetValue(cell, out int? cellStep)) continue;   // not written: invariant
                if (cellStep is not int known) return null;
                step = unchecked(step + coefficient * known);
            }
            return step;
        };
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
