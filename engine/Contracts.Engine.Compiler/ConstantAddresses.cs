using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Loads and stores whose address is a pooled constant (a cell of <see cref="CompiledFunction.Constants"/> that no op
/// of the function writes) and whose last byte lies below the memory's declared minimum: a memory is never smaller than
/// its minimum (an imported one was at least that when linked) and never shrinks, so such an access is in bounds
/// whenever it runs, and the compiled tier emits it without a bounds check. Globals at fixed addresses (a C program's
/// statics) are read this way.
/// </summary>
internal static class ConstantAddresses
{
    /// <summary>The positions of <paramref name="function"/>'s accesses that are always in bounds of a memory of at
    /// least <paramref name="minimumBytes"/> bytes.</summary>
    public static HashSet<int> InBounds(CompiledFunction function, ulong minimumBytes) =>
        [.. Addresses(function, minimumBytes).Keys];

    /// <summary>The accesses of <see cref="InBounds"/> with the address of their first byte (offset included).</summary>
    public static Dictionary<int, ulong> Addresses(CompiledFunction function, ulong minimumBytes)
    {
        var inBounds = new Dictionary<int, ulong>();
        if (minimumBytes == 0 || function.Constants.Length == 0) return inBounds;
        var code = function.Code;
        int firstConstant = function.LocalCount / CompiledFunction.WordsPerCell;
        int constantCells = function.Constants.Length / CompiledFunction.WordsPerCell;
        var written = WrittenCells(function);
        foreach (int at in RegisterCode.Ops(code))
        {
            var op = (Op)code[at];
            int size = FunctionEmitter.AccessSize(op);
            if (size == 0) continue;
            int cell = code[at + (FunctionEmitter.IsStore(op) ? 1 : 2)] / CompiledFunction.WordsPerCell;
            int constant = cell - firstConstant;
            if (constant < 0 || constant >= constantCells || written[cell]) continue;
            ulong address = (uint)function.Constants[constant * CompiledFunction.WordsPerCell];
            if (address + (uint)code[at + 3] + (ulong)size <= minimumBytes) inBounds[at] = address + (uint)code[at + 3];
        }
        return inBounds;
    }

    /// <summary>Per cell, whether some op may write it: the destination of an op that writes only that, every slot
    /// operand and the whole frame from an argument area up for any other op (calls, branches and the rest).</summary>
    internal static bool[] WrittenCells(CompiledFunction function)
    {
        var code = function.Code;
        int cells = function.FrameSize / CompiledFunction.WordsPerCell;
        var written = new bool[cells];
        void Mark(int slot, int through)
        {
            for (int cell = Math.Max(0, slot / CompiledFunction.WordsPerCell); cell < Math.Min(cells, through); cell++) written[cell] = true;
        }
        foreach (int at in RegisterCode.Ops(code))
        {
            var op = (Op)code[at];
            if (FunctionEmitter.WritesNoCell(op)) continue;
            if (FunctionEmitter.WritesOnlyDestination(op))
            {
                Mark(code[at + 1], code[at + 1] / CompiledFunction.WordsPerCell + 1);
                continue;
            }
            var layout = OpLayout.Of(op);
            for (int k = 0; k < layout.Length && 1 + k < OpLayout.Width(code, at); k++)
            {
                if (layout[k] == 's') Mark(code[at + 1 + k], code[at + 1 + k] / CompiledFunction.WordsPerCell + 1);
                else if (layout[k] == 'f') Mark(code[at + 1 + k], cells);
            }
        }
        return written;
    }
}
