using Contracts.Engine.Binary;

namespace Contracts.GasMetering.Instrumentation;

/// <summary>Reads the instructions of a validated function body one at a time.</summary>
internal ref struct InstructionReader
{
    private WasmReader _reader;

    public InstructionReader(ReadOnlySpan<byte> code) => _reader = new WasmReader(code);

    public readonly bool IsAtEnd => _reader.IsAtEnd;

    public Instruction Read()
    {
        int start = _reader.Position;
        var opcode = (Opcode)_reader.ReadByte();
        OpcodeFC prefixed = 0;
        uint index = 0;
        long blockType = 0;
        uint targets = 0;
        switch (opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                blockType = _reader.ReadVarInt33();
                break;
            case Opcode.Br or Opcode.BrIf or Opcode.Call or Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee
                or Opcode.GlobalGet or Opcode.GlobalSet or Opcode.TableGet or Opcode.TableSet or Opcode.RefFunc:
                index = _reader.ReadVarUInt32();
                break;
            case Opcode.BrTable:
                targets = _reader.ReadVarUInt32();
                for (uint i = 0; i <= targets; i++) _reader.ReadVarUInt32();
                break;
            case Opcode.CallIndirect:
                index = _reader.ReadVarUInt32();
                _reader.ReadVarUInt32();
                break;
            case Opcode.SelectTyped:
            {
                uint count = _reader.ReadVarUInt32();
                for (uint i = 0; i < count; i++) _reader.ReadByte();
                break;
            }
            case >= Opcode.I32Load and <= Opcode.I64Store32:
                _reader.ReadVarUInt32();
                _reader.ReadVarUInt32();
                break;
            case Opcode.MemorySize or Opcode.MemoryGrow or Opcode.RefNull:
                _reader.ReadByte();
                break;
            case Opcode.I32Const:
                _reader.ReadVarInt32();
                break;
            case Opcode.I64Const:
                _reader.ReadVarInt64();
                break;
            case Opcode.F32Const:
                _reader.Skip(4);
                break;
            case Opcode.F64Const:
                _reader.Skip(8);
                break;
            case Opcode.PrefixFC:
                prefixed = (OpcodeFC)_reader.ReadVarUInt32();
                index = ReadPrefixedImmediates(prefixed);
                break;
        }
        return new Instruction(opcode, prefixed, start, _reader.Position, index, blockType, targets);
    }

    private uint ReadPrefixedImmediates(OpcodeFC opcode)
    {
        switch (opcode)
        {
            case OpcodeFC.MemoryInit:
            {
                uint segment = _reader.ReadVarUInt32();
                _reader.ReadByte();
                return segment;
            }
            case OpcodeFC.DataDrop or OpcodeFC.ElemDrop or OpcodeFC.TableGrow or OpcodeFC.TableSize or OpcodeFC.TableFill:
                return _reader.ReadVarUInt32();
            case OpcodeFC.MemoryCopy:
                _reader.ReadByte();
                _reader.ReadByte();
                return 0;
            case OpcodeFC.MemoryFill:
                _reader.ReadByte();
                return 0;
            case OpcodeFC.TableInit or OpcodeFC.TableCopy:
            {
                uint first = _reader.ReadVarUInt32();
                _reader.ReadVarUInt32();
                return first;
            }
            default:
                return 0;
        }
    }
}
