using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// An innermost loop of one straight run whose memory accesses one check before the loop can prove in bounds for
/// every iteration it can run: the emitter emits it twice, a copy without those accesses' bounds checks entered when
/// the check passes, and the ordinary checked loop otherwise (see <c>FunctionEmitter.Loops.cs</c>).
/// </summary>
/// <param name="Header">The loop's first position (its branch target; a fuel prefix belongs to the body).</param>
/// <param name="End">The position after the back edge, where the loop exits.</param>
/// <param name="Trip">The exit test, from which the last iteration is computed.</param>
/// <param name="Groups">The proven accesses by base: what the check before the loop tests.</param>
/// <param name="Accesses">The positions of the loads and stores the check-free copy emits without a bounds check.</param>
internal sealed record CheckFreeLoop(int Header, int End, LoopTrip Trip, LoopAccessGroup[] Groups, IReadOnlySet<int> Accesses);

/// <summary>The back edge is taken while <paramref name="Tested"/> ≠ <paramref name="Bound"/> (32-bit); both are
/// forms over the cells where the first iteration began, <paramref name="Tested"/> moving by <paramref name="Step"/>
/// (≠ 0) per iteration and <paramref name="Bound"/> by nothing.</summary>
internal sealed record LoopTrip(AffineValue Tested, AffineValue Bound, int Step);

/// <summary>Accesses whose addresses differ only by a constant: base + k (mod 2^32) + offset, the base moving by
/// <paramref name="Step"/> per iteration. <paramref name="MinStart"/> is the least k, <paramref name="MaxEnd"/> the
/// greatest k + offset + size.</summary>
internal sealed record LoopAccessGroup(AffineValue Base, int Step, long MinStart, long MaxEnd);

/// <summary>
/// Finds the loops worth emitting check-free. A loop qualifies when its body is one straight run — no branch target
/// inside, no branch but the conditional back edge at its end, no call, no <c>memory.grow</c> or other op that may
/// move or resize memory — and its exit test is a 32-bit "≠" (<c>br_if</c> on non-zero, or on ≠ a constant or a value
/// the loop does not change) of a value moving by a constant step. Every cell is evaluated symbolically through one
/// iteration as an <see cref="AffineValue"/> of the cells' values where the iteration began; a cell the iteration
/// moves by a constant is an induction variable, a cell it does not write is invariant. An access whose address is a
/// form over invariant cells and induction variables then has, at iteration t, the address B0 + k + t·S (mod 2^32),
/// B0 the form's value before the loop — exact when that sum stays within [0, 2^32), which the check ensures.
/// </summary>
internal static class CheckFreeLoops
{
    // A longer body is not duplicated (IL and .NET JIT time grow with it).
    private const int MaxBodyWords = 2048;

    /// <summary>The qualifying loops of <paramref name="code"/>, by header; <paramref name="targets"/> are its branch targets.</summary>
    public static Dictionary<int, CheckFreeLoop> Find(int[] code, IReadOnlySet<int> targets)
    {
        var loops = new Dictionary<int, CheckFreeLoop>();
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

    private sealed record Access(int At, AffineValue Address, long Offset, int Size);

    private static CheckFreeLoop? Analyze(int[] code, IReadOnlySet<int> targets, int header, int backEdge)
    {
        // Per written cell, its value as a form over the iteration's entry values (null: not such a form).
        var values = new Dictionary<int, AffineValue?>();
        AffineValue? Value(int slot)
        {
            int cell = slot / CompiledFunction.WordsPerCell;
            return values.TryGetValue(cell, out var value) ? value : AffineValue.Entry(cell);
        }
        void Set(int slot, AffineValue? value) => values[slot / CompiledFunction.WordsPerCell] = value;

        var accesses = new List<Access>();
        int at = header;
        while (at < backEdge)
        {
            if (at != header && targets.Contains(at)) return null;
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            var op = (Op)code[at];
            int Word(int operand) => code[at + operand];
            switch (op)
            {
                case Op.Const32:
                    Set(Word(1), AffineValue.Of(Word(2)));
                    break;
                case Op.Const64:
                    Set(Word(1), AffineValue.Of(Word(2)));
                    break;
                case Op.Copy:
                case Op.I64ExtendI32U:
                case Op.I64ExtendI32S:
                case Op.I32WrapI64:
                    // The low 32 bits are the source's.
                    Set(Word(1), Value(Word(2)));
                    break;
                case Op.I32AddImm or Op.I64AddImm:
                    Set(Word(1), Value(Word(2))?.Plus(Word(3)));
                    break;
                case Op.I32SubImm or Op.I64SubImm:
                    Set(Word(1), Value(Word(2))?.Plus(unchecked(-Word(3))));
                    break;
                case Op.I32MulImm or Op.I64MulImm:
                    Set(Word(1), Value(Word(2))?.Times(Word(3)));
                    break;
                case Op.I32ShlImm:
                    Set(Word(1), Value(Word(2))?.Times(1 << (Word(3) & 31)));
                    break;
                case Op.I64ShlImm:
                    // Modulo 2^32 a shift by 32 or more leaves nothing.
                    Set(Word(1), Value(Word(2))?.Times((Word(3) & 63) >= 32 ? 0 : 1 << (Word(3) & 63)));
                    break;
                case Op.I32Add or Op.I64Add:
                case Op.I32Sub or Op.I64Sub:
                {
                    var (a, b) = (Value(Word(2)), Value(Word(3)));
                    Set(Word(1), a is null || b is null ? null : a.Plus(b, op is Op.I32Add or Op.I64Add ? 1 : -1));
                    break;
                }
                case Op.I32Load or Op.I64Load or Op.I32Load8S or Op.I32Load8U or Op.I32Load16S or Op.I32Load16U
                    or Op.I64Load8S or Op.I64Load8U or Op.I64Load16S or Op.I64Load16U or Op.I64Load32S or Op.I64Load32U:
                    if (Value(Word(2)) is { } loadAddress) accesses.Add(new Access(at, loadAddress, (uint)Word(3), FunctionEmitter.AccessSize(op)));
                    Set(Word(1), null);
                    break;
                case Op.Store8 or Op.Store16 or Op.Store32 or Op.Store64:
                    if (Value(Word(1)) is { } storeAddress) accesses.Add(new Access(at, storeAddress, (uint)Word(3), FunctionEmitter.AccessSize(op)));
                    break;
                default:
                    if (FunctionEmitter.WritesNoCell(op)) break;
                    if (!FunctionEmitter.WritesOnlyDestination(op)) return null;
                    Set(Word(1), null);
                    break;
            }
            at += OpLayout.Width(code, at);
        }

        // Per cell the iteration writes: its step when it is its entry value plus a constant, else null (varying).
        var steps = new Dictionary<int, int?>();
        foreach (var (cell, value) in values)
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

        var trip = Trip(code, backEdge, Value, StepOf);
        if (trip is null) return null;

        var groups = new Dictionary<AffineValue, LoopAccessGroup>();
        var proven = new HashSet<int>();
        foreach (var access in accesses)
        {
            // int.MinValue has no magnitude in 32 bits: such a stride is left checked.
            if (StepOf(access.Address) is not int step || step == int.MinValue) continue;
            var key = access.Address.WithoutConstant();
            long start = access.Address.Constant, end = start + access.Offset + access.Size;
            groups[key] = groups.TryGetValue(key, out var group)
                ? group with { MinStart = Math.Min(group.MinStart, start), MaxEnd = Math.Max(group.MaxEnd, end) }
                : new LoopAccessGroup(key, step, start, end);
            proven.Add(access.At);
        }
        if (proven.Count == 0) return null;
        return new CheckFreeLoop(header, backEdge + OpLayout.Width(code, backEdge), trip, [.. groups.Values], proven);
    }

    /// <summary>The back edge's exit test as a <see cref="LoopTrip"/>, or null when it is not a "≠" of a moving value
    /// against a fixed one.</summary>
    private static LoopTrip? Trip(int[] code, int backEdge, Func<int, AffineValue?> value, Func<AffineValue, int?> stepOf)
    {
        var op = (Op)code[backEdge];
        var tested = value(code[backEdge + 1]);
        var bound = op switch
        {
            Op.BrIfNez => AffineValue.Of(0),
            Op.BrIfI32NeImm => AffineValue.Of(code[backEdge + 2]),
            _ => value(code[backEdge + 2]),
        };
        if (tested is null || bound is null) return null;
        if (stepOf(tested) is not int step || step == 0 || step == int.MinValue) return null;
        if (stepOf(bound) is not 0) return null;
        return new LoopTrip(tested, bound, step);
    }
}
