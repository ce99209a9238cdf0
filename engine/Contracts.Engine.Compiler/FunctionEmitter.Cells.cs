using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// How value cells are held. A cell is a <c>ulong</c> local (its bits) unless f64 arithmetic is most of what touches
/// it; then it is a <c>double</c> local, so float code keeps its values in float registers as a native compiler would
/// (the x64 JIT has 16 of them beside the ~13 free integer registers, and moves between the two files cost). Which
/// representation a cell has is invisible: every read and write of bits converts with an exact bit cast
/// (<see cref="BitConverter.Int64BitsToDouble"/> and back: a register move, NaN payloads kept), so a cell may hold any
/// type's value at any time, as the interpreter's slot does. f32 values stay in <c>ulong</c> cells: a 32-bit float local
/// could not hold the i64 values that share a cell with them.
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>Per cell, whether it is a <c>double</c> local: f64 operands of inline float ops outnumber operands read
    /// or written as bits (copies, selects, 8-byte loads and stores work on either without a conversion and do not count).</summary>
    private static bool[] FloatCells(CompiledFunction function)
    {
        int count = function.FrameSize / CompiledFunction.WordsPerCell;
        var votes = new int[count];
        var code = function.Code;
        int at = 0;
        while (at < code.Length)
        {
            if (code[at] < 0)
            {
                at++;
                continue;
            }
            var op = (Op)code[at];
            var layout = OpLayout.Of(op);
            var form = Forms[(int)op];
            for (int k = 0; k < layout.Length; k++)
            {
                if (layout[k] != 's') continue;
                int cell = code[at + 1 + k] / CompiledFunction.WordsPerCell;
                if ((uint)cell >= (uint)count) continue;
                votes[cell] += Vote(op, form, k + 1);
            }
            at += OpLayout.Width(code, at);
        }
        return [.. votes.Select(v => v > 0)];
    }

    /// <summary>+1 when operand <paramref name="operand"/> of <paramref name="op"/> is an f64 of an inline float op, 0 when
    /// the op moves the bits as they are, -1 when it reads or writes them as an integer.</summary>
    private static int Vote(Op op, OpForm form, int operand)
    {
        switch (op)
        {
            case Op.Copy:
            case Op.Select when operand != 2:
            case Op.I64Load when operand == 1:
            case Op.Store64 when operand == 2:
                return 0;
        }
        if (form.Kind != FormKind.Float || !form.Float.Wide) return -1;
        return form.Float.Shape switch
        {
            FloatShape.Compare => operand == 1 ? -1 : 1,
            FloatShape.Promote => operand == 1 ? 1 : -1,
            FloatShape.Demote => operand == 2 ? 1 : -1,
            _ => 1,
        };
    }

    private bool IsFloatCell(int slot) => _floatCells[slot / CompiledFunction.WordsPerCell];

    /// <summary>Pushes the cell at <paramref name="slot"/> as its 64 bits (int64).</summary>
    private void LoadBits(int slot)
    {
        if (IsRematerialized(slot))
        {
            EmitRematerialized(slot);
            return;
        }
        if (IsReloaded(slot))
        {
            EmitReloaded(slot);
            return;
        }
        _il.Emit(OpCodes.Ldloc, Cell(slot));
        if (IsFloatCell(slot)) _il.Emit(OpCodes.Call, DoubleToBits);
    }

    /// <summary>Stores the int64 on the stack into the cell at <paramref name="slot"/> as its bits.</summary>
    private void StoreBits(int slot)
    {
        ForgetCellOrigin(slot);
        if (IsFloatCell(slot)) _il.Emit(OpCodes.Call, DoubleFromBits);
        _il.Emit(OpCodes.Stloc, Cell(slot));
    }

    /// <summary>Copies cell <paramref name="source"/> to cell <paramref name="destination"/>, converting only between representations.</summary>
    private void EmitMove(int destination, int source)
    {
        var (kind, constant) = (ShiftLikeOf(source), IsConstantLike(source));
        if (RenamesMove(destination, source))
        {
            // Inside an unrolled copy: the destination is read from the source's local from here on.
            NoteMovedCell(destination, kind, constant);
            return;
        }
        if (IsFloatCell(destination) == IsFloatCell(source) && !IsRematerialized(source) && !IsReloaded(source))
        {
            _il.Emit(OpCodes.Ldloc, Cell(source));
            _il.Emit(OpCodes.Stloc, Cell(destination));
        }
        else
        {
            LoadBits(source);
            StoreBits(destination);
        }
        NoteMovedCell(destination, kind, constant);
    }
}
