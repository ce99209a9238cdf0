using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Loaded cells read from memory again where they are read instead of held: a cell that one <c>i64.load</c> or
/// <c>i32.load</c> writes — its only write in the function — from a base cell nothing writes (a parameter) plus a
/// constant offset, and that is read only after that load in the same straight run, with no store between the load
/// and the read that may overlap the loaded bytes, is loaded again at each read. Every store in between goes through
/// the same base with a constant offset whose bytes lie apart from the loaded ones (no other op that writes memory can
/// be inside a straight run), so memory there still holds what the load read; the reload is in bounds because the load
/// was (it trapped otherwise, and memory never shrinks nor moves within a straight run), so it is not checked.
/// <para>Why: LLVM loads keccak's 25 lanes at the top of a round into locals, all live across theta's column sums;
/// the .NET JIT spilled them (each lane loaded, stored to a stack slot, then read from it: 194 stack accesses in
/// keccakf). Read from the state where they are used, most of them are no value the JIT has to hold at all.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Per reloaded cell: the base cell, the constant offset and whether the load is 8 bytes (else 4, zero-extended).
    private readonly Dictionary<int, (int Base, int Offset, bool Wide)> _reloaded = [];

    /// <summary>Finds the reloaded cells (see the type's remarks).</summary>
    private void FindReloadedLoads(int[] code, HashSet<int> targets, int[] writes)
    {
        // Where each cell is read: op positions (an op whose reads are not its slot operands, such as a call's frame,
        // counts as reading every cell from its lowest slot operand up).
        var readAt = new Dictionary<int, List<int>>();
        foreach (int at in RegisterCode.Ops(code))
        {
            foreach (int cell in CellsRead(code, at, _cells.Length))
            {
                if (!readAt.TryGetValue(cell, out var positions)) readAt[cell] = positions = [];
                positions.Add(at);
            }
        }
        foreach (int at in RegisterCode.Ops(code))
        {
            var op = (Op)code[at];
            if (op is not (Op.I64Load or Op.I32Load)) continue;
            int cell = code[at + 1] / CompiledFunction.WordsPerCell;
            int baseCell = code[at + 2] / CompiledFunction.WordsPerCell;
            int offset = code[at + 3];
            int size = op == Op.I64Load ? 8 : 4;
            if (cell == baseCell || writes[cell] != 1 || writes[baseCell] != 0 || _floatCells[cell] || IsRematerialized(cell * CompiledFunction.WordsPerCell))
                continue;
            if (!readAt.TryGetValue(cell, out var reads)) continue;
            if (reads.All(read => ReachedUnaliased(code, targets, at, read, baseCell, (uint)offset, size)))
                _reloaded[cell] = (baseCell, offset, size == 8);
        }
    }

    /// <summary>Whether <paramref name="read"/> follows the load at <paramref name="load"/> in the same straight run
    /// through ops that read and write only cells, and the stores in between go through <paramref name="baseCell"/> to
    /// bytes apart from the <paramref name="size"/> loaded at <paramref name="offset"/>.</summary>
    private static bool ReachedUnaliased(int[] code, HashSet<int> targets, int load, int read, int baseCell, uint offset, int size)
    {
        if (read <= load) return false;
        int at = load + OpLayout.Width(code, load);
        while (at < read)
        {
            if (targets.Contains(at)) return false;
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            var op = (Op)code[at];
            if (!WritesOnlyDestination(op) && !WritesNoCell(op)) return false;
            if (IsStore(op))
            {
                // Both addresses are the base's 32 bits plus an offset (no wrap-around: 33-bit sums), so two ranges
                // through the same base overlap exactly when their offsets' ranges do.
                if (code[at + 1] / CompiledFunction.WordsPerCell != baseCell) return false;
                ulong stored = (uint)code[at + 3];
                if (stored < offset + (ulong)size && offset < stored + (ulong)AccessSize(op)) return false;
            }
            at += OpLayout.Width(code, at);
        }
        // The read itself: a branch target there is another way in.
        return at == read && !targets.Contains(read);
    }

    /// <summary>The cells the op at <paramref name="at"/> reads (its slot operands but a written destination; every cell
    /// from the lowest slot operand up for an op that reads a frame or a variable list).</summary>
    private static IEnumerable<int> CellsRead(int[] code, int at, int cells)
    {
        var op = (Op)code[at];
        var layout = OpLayout.Of(op);
        bool simple = WritesOnlyDestination(op) || WritesNoCell(op);
        if (simple || !(layout.Contains('f') || layout.Contains('*') || layout.Contains('n')))
        {
            for (int k = WritesOnlyDestination(op) ? 1 : 0; k < layout.Length; k++)
                if (layout[k] == 's') yield return code[at + 1 + k] / CompiledFunction.WordsPerCell;
            yield break;
        }
        int lowest = int.MaxValue;
        for (int k = 0; k < layout.Length && 1 + k < OpLayout.Width(code, at); k++)
            if (layout[k] is 's' or 'f') lowest = Math.Min(lowest, code[at + 1 + k] / CompiledFunction.WordsPerCell);
        if (lowest == int.MaxValue) lowest = 0;
        for (int cell = lowest; cell < cells; cell++) yield return cell;
    }

    private bool IsReloaded(int slot) => _reloaded.ContainsKey(slot / CompiledFunction.WordsPerCell);

    /// <summary>Pushes a reloaded cell's bits: its load again, from the same address, unchecked (see the remarks).</summary>
    private void EmitReloaded(int slot)
    {
        var (baseCell, offset, wide) = _reloaded[slot / CompiledFunction.WordsPerCell];
        _il.Emit(OpCodes.Ldloc, _memoryBase);
        EmitAddressBits(baseCell * CompiledFunction.WordsPerCell);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, offset);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        if (wide)
        {
            _il.Emit(OpCodes.Ldind_I8);
        }
        else
        {
            _il.Emit(OpCodes.Ldind_U4);
            _il.Emit(OpCodes.Conv_U8);
        }
    }
}
