using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Cells recomputed where they are read instead of held: a cell that the function's entry block sets once to a
/// parameter plus a constant (<c>i32.add</c>/<c>i32.sub</c> of an immediate), where nothing ever writes the parameter
/// or the cell again and nothing reads the cell before, holds <c>(u32)(parameter + constant)</c> wherever it is read;
/// every read computes that instead of reading the cell's local.
/// <para>Why: LLVM hoists a pointer's constant offsets out of loops into locals (keccak's round reads and writes the 25
/// lanes of <c>st</c> through 21 locals <c>st + 8k</c>). For the .NET JIT those are 21 values live across the whole
/// loop, beside the lanes themselves: it spilled them and the lanes to the stack (338 stack accesses in keccakf).
/// Recomputed, each is an add of a constant to the one pointer (an address mode, mostly), and nothing is live but the
/// pointer: 194 stack accesses. Cranelift does the same (it rematerializes adds of constants). The value is the one the
/// defining op computes, with its 32-bit wrap-around, so reads see exactly what the cell would hold.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Per rematerialized cell: the parameter cell and the constant added to it.
    private readonly Dictionary<int, (int Parameter, int Constant)> _rematerialized = [];

    /// <summary>Finds the rematerialized cells (see the type's remarks), given <see cref="CountCellWrites"/>.</summary>
    private void FindRematerialized(int[] code, HashSet<int> targets, int[] writes)
    {
        // The entry block: from the start to the first branch target or op that is not simple. It runs once before
        // anything after it, so a cell it sets holds that value everywhere after (it is never written again).
        int parameters = _function.ParameterCount / CompiledFunction.WordsPerCell;
        var read = new HashSet<int>();
        foreach (int position in RegisterCode.Ops(code))
        {
            if (position != 0 && targets.Contains(position)) break;
            var op = (Op)code[position];
            bool writesDestination = WritesOnlyDestination(op);
            if (!writesDestination && !WritesNoCell(op)) break;
            if (op is Op.I32AddImm or Op.I32SubImm)
            {
                int cell = code[position + 1] / CompiledFunction.WordsPerCell;
                int parameter = code[position + 2] / CompiledFunction.WordsPerCell;
                if (cell != parameter && parameter < parameters && writes[parameter] == 0 && writes[cell] == 1 && !read.Contains(cell))
                    _rematerialized[cell] = (parameter, op == Op.I32AddImm ? code[position + 3] : unchecked(-code[position + 3]));
            }
            var layout = OpLayout.Of(op);
            for (int k = writesDestination ? 1 : 0; k < layout.Length; k++)
                if (layout[k] == 's') read.Add(code[position + 1 + k] / CompiledFunction.WordsPerCell);
        }
    }

    /// <summary>How many ops may write each cell, counted conservatively: an op that is not simple may write every cell
    /// from its lowest slot operand up (calls write their results above their arguments).</summary>
    private int[] CountCellWrites(int[] code)
    {
        var writes = new int[_cells.Length];
        foreach (int at in RegisterCode.Ops(code))
        {
            var op = (Op)code[at];
            if (WritesNoCell(op)) continue;
            if (WritesOnlyDestination(op))
            {
                CountWrite(writes, code[at + 1]);
                continue;
            }
            var layout = OpLayout.Of(op);
            // Branches and returns only read their slots.
            if (layout.Contains('b') || layout.Contains('*') || op is Op.ReturnVoid or Op.Return1 or Op.ReturnN) continue;
            int lowest = int.MaxValue;
            for (int k = 0; k < layout.Length; k++)
                if (layout[k] is 's' or 'f') lowest = Math.Min(lowest, code[at + 1 + k] / CompiledFunction.WordsPerCell);
            for (int cell = lowest; cell < writes.Length; cell++) writes[cell]++;
        }
        return writes;
    }

    private static void CountWrite(int[] writes, int slot)
    {
        int cell = slot / CompiledFunction.WordsPerCell;
        if ((uint)cell < (uint)writes.Length) writes[cell]++;
    }

    private bool IsRematerialized(int slot) => _rematerialized.ContainsKey(slot / CompiledFunction.WordsPerCell);

    /// <summary>Pushes a rematerialized cell's bits, as its defining op computes them: <c>(u64)(u32)(parameter + constant)</c>.</summary>
    private void EmitRematerialized(int slot)
    {
        var (parameter, constant) = _rematerialized[slot / CompiledFunction.WordsPerCell];
        LoadBits(parameter * CompiledFunction.WordsPerCell);
        _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Ldc_I4, constant);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Conv_U8);
    }
}
