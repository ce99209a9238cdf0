using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Loaded values read from memory again where they are read instead of held: the value one <c>i64.load</c> or
/// <c>i32.load</c> writes to a cell from a base cell nothing writes (a parameter) plus a constant offset is loaded again
/// at each of its reads when every one of them follows the load in the same straight run, with no store between the
/// load and the read that may overlap the loaded bytes, and the value is dead where that run of reads ends (the cell
/// written again, or a branch target or an op that is no simple op where every path writes the cell before reading it).
/// Every store in between goes through the same base with a constant offset whose bytes lie apart from the loaded ones
/// (no other op that writes memory can be inside a straight run), so memory there still holds what the load read; the
/// reload is in bounds because the load was (it trapped otherwise, and memory never shrinks nor moves within a straight
/// run), so it is not checked. The load itself then makes only its bounds check; the cell's other values (a cell is
/// reused: LLVM's locals are) are held as before.
/// <para>Why: LLVM loads keccak's 25 lanes at the top of a round into locals, all live across theta's column sums;
/// the .NET JIT spilled them (each lane loaded, stored to a stack slot, then read from it: 194 stack accesses in
/// keccakf). Read from the state where they are used, most of them are no value the JIT has to hold at all. Decided per
/// value, not per cell: six of keccakf's lane locals are written again later in the round (chi reuses them), and holding
/// those six lanes across theta is what made the JIT spill its column sums.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // The loads whose value is read only where it is loaded again (they make only their bounds check), and per read —
    // the position of the op that emits it and the cell — the base cell, the constant offset and whether the load is
    // 8 bytes (else 4, zero-extended).
    private readonly HashSet<int> _reloadedLoads = [];
    private readonly Dictionary<(int At, int Cell), (int Base, int Offset, bool Wide)> _reloadedReads = [];

    // The position of the op being emitted (EmitStep), -1 between ops: a read is reloaded only by the op it was found at.
    private int _emittingAt = -1;

    /// <summary>Finds the reloaded loads and their reads (see the type's remarks), given the fused comparisons (a fused
    /// comparison's operands are read where its branch is emitted).</summary>
    private void FindReloadedLoads(int[] code, HashSet<int> targets, int[] writes)
    {
        foreach (int at in RegisterCode.Ops(code))
        {
            var op = (Op)code[at];
            if (op is not (Op.I64Load or Op.I32Load)) continue;
            int cell = code[at + 1] / CompiledFunction.WordsPerCell;
            int baseCell = code[at + 2] / CompiledFunction.WordsPerCell;
            int offset = code[at + 3];
            int size = op == Op.I64Load ? 8 : 4;
            if (cell == baseCell || writes[baseCell] != 0 || _floatCells[cell] || IsRematerialized(cell * CompiledFunction.WordsPerCell))
                continue;
            if (ReadsOfLoad(code, targets, at, cell, baseCell, (uint)offset, size) is not { Count: > 0 } reads) continue;
            _reloadedLoads.Add(at);
            foreach (int read in reads)
            {
                int emittedAt = IsFusedCompare(read) ? read + OpLayout.Width(code, read) : read;
                _reloadedReads[(emittedAt, cell)] = (baseCell, offset, size == 8);
            }
        }
    }

    /// <summary>The reads of the value the load at <paramref name="load"/> writes to <paramref name="cell"/>, when each
    /// follows it in the same straight run through ops that read and write only cells, every store before a read goes
    /// through <paramref name="baseCell"/> to bytes apart from the <paramref name="size"/> loaded at
    /// <paramref name="offset"/>, and the value is dead where the run of reads ends; otherwise null.</summary>
    private static List<int>? ReadsOfLoad(int[] code, HashSet<int> targets, int load, int cell, int baseCell, uint offset, int size)
    {
        var reads = new List<int>();
        bool overwritten = false;
        int at = load + OpLayout.Width(code, load);
        while (at < code.Length)
        {
            // Another way in, or an op that may branch, call or write more than its destination: the value must be dead
            // from here on (every path writes the cell before reading it).
            if (targets.Contains(at)) return DeadAt(code, at, cell) ? reads : null;
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            var op = (Op)code[at];
            bool writesDestination = WritesOnlyDestination(op);
            if (!writesDestination && !WritesNoCell(op)) return DeadAt(code, at, cell) ? reads : null;
            if (ReadsCell(code, at, cell))
            {
                if (overwritten) return null;
                reads.Add(at);
            }
            if (writesDestination && code[at + 1] / CompiledFunction.WordsPerCell == cell) return reads;
            if (IsStore(op))
            {
                // Both addresses are the base's 32 bits plus an offset (no wrap-around: 33-bit sums), so two ranges
                // through the same base overlap exactly when their offsets' ranges do.
                ulong stored = (uint)code[at + 3];
                if (code[at + 1] / CompiledFunction.WordsPerCell != baseCell
                    || stored < offset + (ulong)size && offset < stored + (ulong)AccessSize(op))
                    overwritten = true;
            }
            at += OpLayout.Width(code, at);
        }
        return null;
    }

    /// <summary>Whether the op at <paramref name="at"/>, one that writes only its destination or no cell, reads
    /// <paramref name="cell"/> (a slot operand but the written destination).</summary>
    private static bool ReadsCell(int[] code, int at, int cell)
    {
        var op = (Op)code[at];
        var layout = OpLayout.Of(op);
        for (int k = WritesOnlyDestination(op) ? 1 : 0; k < layout.Length; k++)
            if (layout[k] == 's' && code[at + 1 + k] / CompiledFunction.WordsPerCell == cell) return true;
        return false;
    }

    /// <summary>Whether the load at <paramref name="at"/> only makes its bounds check: its value is read where it is
    /// loaded again.</summary>
    private bool IsReloadedLoad(int at) => _reloadedLoads.Contains(at);

    /// <summary>Whether the op being emitted reads the cell at <paramref name="slot"/> by loading it again.</summary>
    private bool IsReloaded(int slot) => _reloadedReads.ContainsKey((_emittingAt, slot / CompiledFunction.WordsPerCell));

    /// <summary>Pushes a reloaded cell's bits: its load again, from the same address, unchecked (see the remarks).</summary>
    private void EmitReloaded(int slot)
    {
        var (baseCell, offset, wide) = _reloadedReads[(_emittingAt, slot / CompiledFunction.WordsPerCell)];
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
