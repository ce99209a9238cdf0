using Contracts.Engine.Loading;
using Contracts.Engine.Model;

namespace Contracts.Engine.Binary;

/// <summary>
/// Reads a WebAssembly 2.0 constant expression: one constant instruction and <c>end</c>. Whether the instruction's
/// type fits and its index exists is left to the validator; here only the shape is checked.
/// </summary>
internal static class ConstantExpressionReader
{
    public static ConstantExpression Read(ref WasmReader reader)
    {
        ConstantExpression first = default;
        int count = 0;
        int secondOffset = 0;
        while (true)
        {
            int offset = reader.Offset;
            byte opcode = reader.ReadByte();
            ConstantExpression value;
            switch (opcode)
            {
                case (byte)Opcode.End:
                    if (count != 1)
                    {
                        // No value, or several: the expression's result does not have the one expected type.
                        DecodeErrors.Invalid(WasmErrorKind.TypeMismatch, count == 0 ? offset : secondOffset,
                            count == 0 ? "type mismatch: constant expression is empty" : "type mismatch: constant expression has more than one instruction");
                    }
                    return first;
                case (byte)Opcode.I32Const:
                    value = ConstantExpression.I32(reader.ReadVarInt32());
                    break;
                case (byte)Opcode.I64Const:
                    value = ConstantExpression.I64(reader.ReadVarInt64());
                    break;
                case (byte)Opcode.F32Const:
                    value = ConstantExpression.F32Bits(reader.ReadFloat32Bits());
                    break;
                case (byte)Opcode.F64Const:
                    value = ConstantExpression.F64Bits(reader.ReadFloat64Bits());
                    break;
                case (byte)Opcode.RefNull:
                    value = ConstantExpression.RefNull(TypeReader.ReadReferenceType(ref reader));
                    break;
                case (byte)Opcode.RefFunc:
                    value = ConstantExpression.RefFunc(reader.ReadVarUInt32());
                    break;
                case (byte)Opcode.GlobalGet:
                    value = ConstantExpression.GlobalGet(reader.ReadVarUInt32());
                    break;
                case (byte)Opcode.Else:
                    // The reference decoder ends an instruction sequence at `else`, then wants `end`.
                    DecodeErrors.Malformed(WasmErrorKind.EndOpcodeExpected, offset, "END opcode expected");
                    return default;
                case (byte)Opcode.PrefixSimd:
                {
                    uint simdOpcode = reader.ReadVarUInt32();
                    var info = InstructionSet.Get((byte)Opcode.PrefixSimd, simdOpcode);
                    if (info is null) DecodeErrors.Malformed(WasmErrorKind.IllegalOpcode, offset, $"illegal opcode fd {simdOpcode:x2}");
                    if (info!.Immediates != ImmediateKind.V128) ThrowNotConstant(offset, opcode);
                    ulong low = reader.ReadUInt64LittleEndian();
                    value = ConstantExpression.V128(low, reader.ReadUInt64LittleEndian());
                    break;
                }
                case (byte)Opcode.PrefixFC:
                    uint subOpcode = reader.ReadVarUInt32();
                    if (InstructionSet.Get((byte)Opcode.PrefixFC, subOpcode) is null)
                        DecodeErrors.Malformed(WasmErrorKind.IllegalOpcode, offset, $"illegal opcode fc {subOpcode:x2}");
                    ThrowNotConstant(offset, opcode);
                    return default;
                default:
                    if (InstructionSet.Get((Opcode)opcode) is null)
                        DecodeErrors.Malformed(WasmErrorKind.IllegalOpcode, offset, $"illegal opcode {opcode:x2}");
                    ThrowNotConstant(offset, opcode);
                    return default;
            }
            if (count == 0) first = value;
            else if (count == 1) secondOffset = offset;
            // Saturate: only "none, one, several" matters, and the expression may be long.
            if (count < 2) count++;
        }
    }

    private static void ThrowNotConstant(int offset, byte opcode) =>
        DecodeErrors.Invalid(WasmErrorKind.ConstantExpressionRequired, offset,
            $"constant expression required: opcode 0x{opcode:x2} is not a constant instruction");
}
