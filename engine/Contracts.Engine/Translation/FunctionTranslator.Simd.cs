using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Translation;

internal sealed partial class FunctionTranslator
{
    private bool IsV128Global(int index) => _module.AllGlobals[index].ValueType == ValueType.V128;

    /// <summary>
    /// A 0xFD instruction: its op (<see cref="OpTables.Simd"/>) with the operand layout its row's immediates and
    /// signature give: <c>dst, operands…</c>; memory ops as the scalar loads and stores plus a lane; lane ops the lane
    /// last; <c>v128.const</c> reads from the constant pool (or becomes <see cref="Op.V128Const"/> when it is full);
    /// <c>i8x16.shuffle</c> carries its 16 lane bytes as 4 words.
    /// </summary>
    private void TranslateSimd(ref InstructionReader reader, in Instruction instruction)
    {
        var info = instruction.Info;
        var op = OpTables.Simd[info.Index];
        switch (info.Immediates)
        {
            case ImmediateKind.V128:
            {
                var value = V128Constant(reader.ImmediateBytes(in instruction));
                int pooled = V128ConstantSlot(value);
                if (pooled >= 0)
                {
                    Push(Operand.OfPooled(pooled));
                    return;
                }
                PushTemp();
                Begin(Op.V128Const);
                _lastDstOperand = _code.Length;
                _code.Add(TempSlot(_sp - 1));
                AddWords(value.Low);
                AddWords(value.High);
                return;
            }
            case ImmediateKind.LaneIndices:
            {
                var lanes = V128Constant(reader.ImmediateBytes(in instruction));
                int a = SlotOf(_sp - 2), b = SlotOf(_sp - 1);
                PopN(2);
                PushTemp();
                Begin(op);
                _lastDstOperand = _code.Length;
                _code.Add(TempSlot(_sp - 1));
                _code.Add(a);
                _code.Add(b);
                AddWords(lanes.Low);
                AddWords(lanes.High);
                return;
            }
            case ImmediateKind.MemArg when info.Results.Length == 0:
            {
                // v128.store: address, value, offset (the alignment is a hint only).
                int address = SlotOf(_sp - 2), value = SlotOf(_sp - 1);
                PopN(2);
                Emit(op, address, value, (int)instruction.MemoryOffset);
                return;
            }
            case ImmediateKind.MemArg:
            {
                int address = SlotOf(_sp - 1);
                Pop();
                PushTemp();
                EmitWithDst(op, TempSlot(_sp - 1), address, (int)instruction.MemoryOffset);
                return;
            }
            case ImmediateKind.MemArgLane when info.Results.Length == 0:
            {
                int address = SlotOf(_sp - 2), vector = SlotOf(_sp - 1);
                PopN(2);
                Emit(op, address, vector, (int)instruction.MemoryOffset, instruction.Lane);
                return;
            }
            case ImmediateKind.MemArgLane:
            {
                int address = SlotOf(_sp - 2), vector = SlotOf(_sp - 1);
                PopN(2);
                PushTemp();
                Emit(op, TempSlot(_sp - 1), address, vector, (int)instruction.MemoryOffset, instruction.Lane);
                return;
            }
            case ImmediateKind.Lane when info.Operands.Length == 1:
            {
                int vector = SlotOf(_sp - 1);
                Pop();
                PushTemp();
                EmitWithDst(op, TempSlot(_sp - 1), vector, instruction.Lane);
                return;
            }
            case ImmediateKind.Lane:
            {
                int vector = SlotOf(_sp - 2), scalar = SlotOf(_sp - 1);
                PopN(2);
                PushTemp();
                Begin(op);
                _lastDstOperand = _code.Length;
                _code.Add(TempSlot(_sp - 1));
                _code.Add(vector);
                _code.Add(scalar);
                _code.Add(instruction.Lane);
                return;
            }
        }
        switch (info.Operands.Length)
        {
            case 1:
            {
                int a = SlotOf(_sp - 1);
                Pop();
                PushTemp();
                EmitWithDst(op, TempSlot(_sp - 1), a);
                return;
            }
            case 2:
            {
                int a = SlotOf(_sp - 2), b = SlotOf(_sp - 1);
                PopN(2);
                PushTemp();
                EmitWithDst(op, TempSlot(_sp - 1), a, b);
                return;
            }
            default:
            {
                int a = SlotOf(_sp - 3), b = SlotOf(_sp - 2), c = SlotOf(_sp - 1);
                PopN(3);
                PushTemp();
                Begin(op);
                _lastDstOperand = _code.Length;
                _code.Add(TempSlot(_sp - 1));
                _code.Add(a);
                _code.Add(b);
                _code.Add(c);
                return;
            }
        }
    }

    /// <summary>A 64-bit immediate as two words, low first.</summary>
    private void AddWords(ulong bits)
    {
        _code.Add((int)(uint)bits);
        _code.Add((int)(uint)(bits >> 32));
    }
}
