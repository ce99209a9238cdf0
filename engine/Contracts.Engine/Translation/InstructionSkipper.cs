using Contracts.Engine.Binary;

namespace Contracts.Engine.Translation;

/// <summary>Reads past the immediates of one instruction (the code is already validated).</summary>
internal static class InstructionSkipper
{
    public static void SkipImmediates(ref WasmReader reader, Opcode opcode)
    {
        switch (opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                reader.ReadVarInt33();
                break;
            case Opcode.Br or Opcode.BrIf or Opcode.Call or Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee
                or Opcode.GlobalGet or Opcode.GlobalSet or Opcode.TableGet or Opcode.TableSet or Opcode.RefFunc:
                reader.ReadVarUInt32();
                break;
            case Opcode.BrTable:
            {
                uint count = reader.ReadVarUInt32();
                for (uint i = 0; i <= count; i++) reader.ReadVarUInt32();
                break;
            }
            case Opcode.CallIndirect:
                reader.ReadVarUInt32();
                reader.ReadVarUInt32();
                break;
            case Opcode.SelectTyped:
            {
                uint count = reader.ReadVarUInt32();
                for (uint i = 0; i < count; i++) reader.ReadByte();
                break;
            }
            case >= Opcode.I32Load and <= Opcode.I64Store32:
                reader.ReadVarUInt32();
                reader.ReadVarUInt32();
                break;
            case Opcode.MemorySize or Opcode.MemoryGrow:
                reader.ReadByte();
                break;
            case Opcode.I32Const:
                reader.ReadVarInt32();
                break;
            case Opcode.I64Const:
                reader.ReadVarInt64();
                break;
            case Opcode.F32Const:
                reader.Skip(4);
                break;
            case Opcode.F64Const:
                reader.Skip(8);
                break;
            case Opcode.RefNull:
                reader.ReadByte();
                break;
            case Opcode.PrefixFC:
                SkipPrefixed(ref reader, (OpcodeFC)reader.ReadVarUInt32());
                break;
        }
    }

    private static void SkipPrefixed(ref WasmReader reader, OpcodeFC opcode)
    {
        switch (opcode)
        {
            case OpcodeFC.MemoryInit:
                reader.ReadVarUInt32();
                reader.ReadByte();
                break;
            case OpcodeFC.DataDrop or OpcodeFC.ElemDrop or OpcodeFC.TableGrow or OpcodeFC.TableSize or OpcodeFC.TableFill:
                reader.ReadVarUInt32();
                break;
            case OpcodeFC.MemoryCopy:
                reader.ReadByte();
                reader.ReadByte();
                break;
            case OpcodeFC.MemoryFill:
                reader.ReadByte();
                break;
            case OpcodeFC.TableInit or OpcodeFC.TableCopy:
                reader.ReadVarUInt32();
                reader.ReadVarUInt32();
                break;
        }
    }
}
