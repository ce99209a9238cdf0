using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Loads and stores whose address has a known upper bound — computed in the same straight run from constants by
/// masks, unsigned shifts and remainders, adds and multiplications that cannot wrap, or a narrow unsigned load, or
/// left by an unsigned comparison's branch where the code falls through it (<c>if (i &lt;= k)</c>) —
/// and whose last byte at that bound lies below the memory's declared minimum: a memory is never smaller than its
/// minimum and never shrinks (<see cref="ConstantAddresses"/>), so such an access is in bounds whenever it runs and is
/// emitted without a bounds check. A C program's dispatch through a static table, <c>table[i &amp; 3]</c>, is one.
/// <para>Besides the compare, the check keeps the memory's length (less the access size) live wherever the access may
/// run; in a loop with a call that is one more value the .NET JIT keeps in a callee-saved register or spills around
/// the call (the calls benchmark's loop: context, packed frame, counter, memory base, table and that limit, six values
/// for five registers).</para>
/// <para>A forward walk in code order: a cell's bound holds from the op that wrote it to the next write, and nothing
/// is known where control can arrive from elsewhere (every branch target) or after an op that may write more than
/// its destination (calls and the like). The bound is of the cell's low 32 bits, which is all an address reads.</para>
/// <para>A conditional branch writes no cell: past it (falling through, not a branch target) every bound still holds,
/// and an unsigned 32-bit comparison's branch adds one — the way it falls through is the comparison's other outcome
/// (<c>BrIfI32GtUImm i, k</c> leaves i ≤ k). nbody's <c>if (i &lt;= 3)</c> before the loads of body i at i·56 plus
/// constants: three of its four loads there (the fourth's base is a local) ran a compare and a branch each, four
/// times a step.</para>
/// </summary>
internal static class BoundedAddresses
{
    /// <summary>The positions of <paramref name="function"/>'s accesses whose address bound keeps them within a memory
    /// of at least <paramref name="minimumBytes"/> bytes.</summary>
    public static HashSet<int> InBounds(CompiledFunction function, IReadOnlySet<int> targets, ulong minimumBytes)
    {
        var inBounds = new HashSet<int>();
        if (minimumBytes == 0) return inBounds;
        var code = function.Code;
        var written = ConstantAddresses.WrittenCells(function);
        var constants = new Dictionary<int, ulong>();
        int firstConstant = function.LocalCount / CompiledFunction.WordsPerCell;
        for (int j = 0; j < function.Constants.Length / CompiledFunction.WordsPerCell; j++)
        {
            if (!written[firstConstant + j]) constants[firstConstant + j] = (uint)function.Constants[j * CompiledFunction.WordsPerCell];
        }
        var bounds = new Dictionary<int, ulong>();
        ulong Bound(int slot)
        {
            int cell = slot / CompiledFunction.WordsPerCell;
            return bounds.TryGetValue(cell, out ulong bound) ? bound : constants.TryGetValue(cell, out ulong constant) ? constant : uint.MaxValue;
        }
        int previousEnd = 0;
        foreach (int at in RegisterCode.Ops(code))
        {
            // A branch target here, or on a fuel prefix word before the op: control may arrive from elsewhere.
            for (int position = previousEnd; position <= at; position++)
            {
                if (targets.Contains(position))
                {
                    bounds.Clear();
                    break;
                }
            }
            previousEnd = at + OpLayout.Width(code, at);
            var op = (Op)code[at];
            int size = FunctionEmitter.AccessSize(op);
            if (size > 0)
            {
                int address = code[at + (FunctionEmitter.IsStore(op) ? 1 : 2)];
                if (Bound(address) + (uint)code[at + 3] + (ulong)size <= minimumBytes) inBounds.Add(at);
            }
            if (FunctionEmitter.WritesNoCell(op)) continue;
            if (NarrowsWhereFallingThrough(op))
            {
                NarrowPastBranch(op, code, at, Bound, bounds);
                continue;
            }
            if (!FunctionEmitter.WritesOnlyDestination(op))
            {
                bounds.Clear();
                continue;
            }
            ulong result = BoundOf(op, code, at, Bound);
            int destination = code[at + 1] / CompiledFunction.WordsPerCell;
            if (result < uint.MaxValue) bounds[destination] = result;
            else bounds.Remove(destination);
        }
        return inBounds;
    }

    /// <summary>The unsigned 32-bit comparisons' branches, which write no cell and bound an operand where the code falls
    /// through them (<see cref="NarrowPastBranch"/>).</summary>
    private static bool NarrowsWhereFallingThrough(Op op) =>
        op is Op.BrIfI32GtUImm or Op.BrIfI32GeUImm or Op.BrIfI32GtU or Op.BrIfI32GeU or Op.BrIfI32LtU or Op.BrIfI32LeU;

    /// <summary>Where the code falls through the branch <paramref name="op"/> at <paramref name="at"/> (not taken: its
    /// comparison failed), the bound that leaves on one of its operands, kept when below what was known.</summary>
    private static void NarrowPastBranch(Op op, int[] code, int at, Func<int, ulong> bound, Dictionary<int, ulong> bounds)
    {
        int a = code[at + 1], b = code[at + 2];
        // The "sib" forms' immediate and the "ssb" forms' second operand both sit at at + 2.
        ulong immediate = (uint)code[at + 2];
        var (cell, limit) = op switch
        {
            // a >u k not taken: a ≤ k; a ≥u k not taken: a < k (k = 0: always taken, nothing falls through).
            Op.BrIfI32GtUImm => (a, immediate),
            Op.BrIfI32GeUImm => (a, immediate == 0 ? uint.MaxValue : immediate - 1),
            // a >u b not taken: a ≤ b; a ≥u b not taken: a < b.
            Op.BrIfI32GtU => (a, bound(b)),
            Op.BrIfI32GeU => (a, bound(b) == 0 ? uint.MaxValue : bound(b) - 1),
            // a <u b not taken: b ≤ a; a ≤u b not taken: b < a.
            Op.BrIfI32LtU => (b, bound(a)),
            _ => (b, bound(a) == 0 ? uint.MaxValue : bound(a) - 1),
        };
        if (limit < bound(cell)) bounds[cell / CompiledFunction.WordsPerCell] = limit;
    }

    /// <summary>An upper bound of the low 32 bits <paramref name="op"/> at <paramref name="at"/> writes (as unsigned),
    /// <see cref="uint.MaxValue"/> when nothing better is known.</summary>
    private static ulong BoundOf(Op op, int[] code, int at, Func<int, ulong> bound)
    {
        const ulong unknown = uint.MaxValue;
        ulong Within(ulong value) => value < unknown ? value : unknown;
        // The immediate of the "ssi" forms (read only for them: other ops may end before it).
        uint Immediate() => (uint)code[at + 3];
        return op switch
        {
            Op.Const32 => (uint)code[at + 2],
            Op.Copy => bound(code[at + 2]),
            Op.Select => Math.Max(bound(code[at + 3]), bound(code[at + 4])),
            Op.I32AndImm => Math.Min(bound(code[at + 2]), Immediate()),
            Op.I32And => Math.Min(bound(code[at + 2]), bound(code[at + 3])),
            Op.I32ShlImm => Within(bound(code[at + 2]) << (int)(Immediate() & 31)),
            Op.I32ShrUImm => bound(code[at + 2]) >> (int)(Immediate() & 31),
            Op.I32AddImm => Within(bound(code[at + 2]) + Immediate()),
            Op.I32Add => Within(bound(code[at + 2]) + bound(code[at + 3])),
            Op.I32MulImm => Immediate() == 0 ? 0 : bound(code[at + 2]) <= unknown / Immediate() ? bound(code[at + 2]) * Immediate() : unknown,
            Op.I32RemUImm => Immediate() == 0 ? unknown : Immediate() - 1,
            Op.I32Load8U or Op.I64Load8U => byte.MaxValue,
            Op.I32Load16U or Op.I64Load16U => ushort.MaxValue,
            Op.I32Eqz or Op.I64Eqz or (>= Op.I32Eq and <= Op.I32GeUImm) or (>= Op.I64Eq and <= Op.I64GeUImm) => 1,
            _ => unknown,
        };
    }
}
