using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A symbolic evaluation of a straight run of register code — no branch target after its first position, no branch,
/// call, <c>memory.grow</c> or other op that may move memory — as <see cref="AffineValue"/>s of the cells' values where
/// the run began: integer adds, subtracts, multiplications and shifts by constants, copies, constants and 32-bit
/// wraps and extensions are followed exactly (modulo 2^32); any other write makes its cell unknown. What
/// <see cref="CheckFreeLoops"/> and <see cref="CheckFreeRuns"/> read the memory accesses' addresses from.
/// </summary>
internal sealed class StraightRun
{
    private readonly Dictionary<int, AffineValue?> _values = [];

    private StraightRun(int start) => Start = start;

    public int Start { get; }

    /// <summary>Where the evaluation stopped: the first branch target after <see cref="Start"/>, the first op that does
    /// not belong in a straight run, or the limit it was given.</summary>
    public int End { get; private set; }

    /// <summary>The run's loads and stores in order; the address is null when it is not an affine form.</summary>
    public List<RunAccess> Accesses { get; } = [];

    /// <summary>The cells the run writes, with their values at <see cref="End"/> (null: unknown).</summary>
    public IReadOnlyDictionary<int, AffineValue?> Written => _values;

    /// <summary>The value of the cell at <paramref name="slot"/> at <see cref="End"/>.</summary>
    public AffineValue? ValueAtEnd(int slot) => Value(slot);

    /// <summary>Evaluates from <paramref name="start"/> up to <paramref name="limit"/> at most; the conditional branch at
    /// <paramref name="fallThrough"/> (if any) is taken as not taken (it writes no cell).</summary>
    public static StraightRun Evaluate(int[] code, IReadOnlySet<int> targets, int start, int limit, int fallThrough = -1)
    {
        var run = new StraightRun(start);
        int at = start;
        while (at < limit && at < code.Length)
        {
            if (at != start && targets.Contains(at)) break;
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            if (at != fallThrough && !run.Step(code, at)) break;
            at += OpLayout.Width(code, at);
        }
        run.End = Math.Min(at, code.Length);
        return run;
    }

    private AffineValue? Value(int slot)
    {
        int cell = slot / CompiledFunction.WordsPerCell;
        return _values.TryGetValue(cell, out var value) ? value : AffineValue.Entry(cell);
    }

    private void Set(int slot, AffineValue? value) => _values[slot / CompiledFunction.WordsPerCell] = value;

    /// <summary>Evaluates the op at <paramref name="at"/>; false (nothing changed) when it does not belong in a straight run.</summary>
    private bool Step(int[] code, int at)
    {
        var op = (Op)code[at];
        int Word(int operand) => code[at + operand];
        switch (op)
        {
            case Op.Const32:
            case Op.Const64:
                // Const64's low word comes first.
                Set(Word(1), AffineValue.Of(Word(2)));
                return true;
            case Op.Copy:
            case Op.I64ExtendI32U:
            case Op.I64ExtendI32S:
            case Op.I32WrapI64:
                // The low 32 bits are the source's.
                Set(Word(1), Value(Word(2)));
                return true;
            case Op.I32AddImm or Op.I64AddImm:
                Set(Word(1), Value(Word(2))?.Plus(Word(3)));
                return true;
            case Op.I32SubImm or Op.I64SubImm:
                Set(Word(1), Value(Word(2))?.Plus(unchecked(-Word(3))));
                return true;
            case Op.I32MulImm or Op.I64MulImm:
                Set(Word(1), Value(Word(2))?.Times(Word(3)));
                return true;
            case Op.I32ShlImm:
                Set(Word(1), Value(Word(2))?.Times(1 << (Word(3) & 31)));
                return true;
            case Op.I64ShlImm:
                // Modulo 2^32 a shift by 32 or more leaves nothing.
                Set(Word(1), Value(Word(2))?.Times((Word(3) & 63) >= 32 ? 0 : 1 << (Word(3) & 63)));
                return true;
            case Op.I32Add or Op.I64Add:
            case Op.I32Sub or Op.I64Sub:
            {
                var (a, b) = (Value(Word(2)), Value(Word(3)));
                Set(Word(1), a is null || b is null ? null : a.Plus(b, op is Op.I32Add or Op.I64Add ? 1 : -1));
                return true;
            }
        }
        int size = FunctionEmitter.AccessSize(op);
        if (size > 0)
        {
            bool store = FunctionEmitter.IsStore(op);
            Accesses.Add(new RunAccess(at, Value(Word(store ? 1 : 2)), (uint)Word(3), size));
            if (!store) Set(Word(1), null);
            return true;
        }
        if (FunctionEmitter.WritesNoCell(op)) return true;
        if (!FunctionEmitter.WritesOnlyDestination(op)) return false;
        Set(Word(1), null);
        return true;
    }
}

/// <summary>A load or store of a straight run: its position, its address as a form (null: unknown), static offset and size.</summary>
internal sealed record RunAccess(int At, AffineValue? Address, long Offset, int Size);
