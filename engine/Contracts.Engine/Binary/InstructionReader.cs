using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary;

/// <summary>
/// Reads a function body one instruction at a time: opcode and decoded immediates, allocating nothing. The one
/// implementation of the immediates grammar (<see cref="ImmediateKind"/>); the validator, the translator, the gas
/// instrumenter and every skip-ahead use it. Encoding errors (an opcode the table does not list, a reserved byte
/// that is not zero, a malformed block, value or reference type, a truncated immediate) throw
/// <see cref="WasmDecodeException"/> with the instruction's byte offset; typing is the validator's business.
/// </summary>
public ref struct InstructionReader
{
    private WasmReader _reader;
    private readonly uint _maxBranchTargets;

    /// <param name="code">The instructions (a body without its locals, or any slice of one).</param>
    /// <param name="baseOffset">Offset of <paramref name="code"/> in the module, for error and instruction offsets.</param>
    /// <param name="maxBranchTargets">
    /// A <c>br_table</c> listing more targets than this is returned after its count, without reading the targets, so
    /// the caller (the validator, enforcing its limit) rejects it before any work proportional to the count.
    /// </param>
    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset = 0, uint maxBranchTargets = uint.MaxValue)
    {
        _reader = new WasmReader(code, baseOffset);
        _maxBranchTargets = maxBranchTargets;
    }

    public readonly bool IsAtEnd => _reader.IsAtEnd;
    /// <summary>Position in the span of the next instruction.</summary>
    public int Position
    {
        readonly get => _reader.Position;
        set => _reader.Position = value;
    }
    /// <summary>Byte offset in the module of the next instruction.</summary>
    public readonly int Offset => _reader.Offset;

    /// <summary>Reads the next instruction.</summary>
    /// <remarks>
    /// Inlined into its callers with fast paths for the most frequent grammars (none, one index, an i32, a memarg); the rest go
    /// out of line. Every path reads the same grammar as <see cref="ReadWithImmediates"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Instruction Read()
    {
        int start = _reader.Position;
        byte opcode = _reader.ReadByte();
        byte kind = InstructionSet.SingleByteImmediates[opcode];
        if (kind == (byte)ImmediateKind.None)
            return new Instruction(InstructionSet.SingleByteRows[opcode]!, (Opcode)opcode, start, start + 1, 0, 0);
        if (kind is (byte)ImmediateKind.Local or (byte)ImmediateKind.Label or (byte)ImmediateKind.Global or (byte)ImmediateKind.Function)
        {
            uint index = _reader.ReadVarUInt32();
            return new Instruction(InstructionSet.SingleByteRows[opcode]!, (Opcode)opcode, start, _reader.Position, index, 0);
        }
        if (kind == (byte)ImmediateKind.I32)
        {
            int value = _reader.ReadVarInt32();
            return new Instruction(InstructionSet.SingleByteRows[opcode]!, (Opcode)opcode, start, _reader.Position, (ulong)(long)value, 0);
        }
        if (kind == (byte)ImmediateKind.MemArg)
        {
            uint alignment = _reader.ReadVarUInt32();
            uint offset = _reader.ReadVarUInt32();
            return new Instruction(InstructionSet.SingleByteRows[opcode]!, (Opcode)opcode, start, _reader.Position, offset, alignment);
        }
        return ReadWithImmediates(start, opcode, kind);
    }

    /// <summary>A reader over the label depths of a <c>br_table</c> read by this reader: <see cref="Instruction.TargetCount"/> depths, then the default.</summary>
    public readonly WasmReader BranchTargets(in Instruction branchTable)
    {
        var targets = _reader;
        targets.Position = branchTable.TargetsStart;
        return targets;
    }

    /// <summary>The 16 immediate bytes of a <c>v128.const</c> or <c>i8x16.shuffle</c> read by this reader.</summary>
    public readonly ReadOnlySpan<byte> ImmediateBytes(in Instruction instruction)
    {
        var bytes = _reader;
        bytes.Position = instruction.BytesStart;
        return bytes.ReadBytes(16);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Instruction ReadWithImmediates(int start, byte opcode, byte kind)
    {
        InstructionInfo? info;
        if (kind == InstructionSet.PrefixMarker)
        {
            uint code = _reader.ReadVarUInt32();
            info = InstructionSet.Get(opcode, code);
            if (info is null) ThrowIllegal(start, $"illegal opcode 0x{opcode:x2} {code}");
        }
        else if (kind == InstructionSet.IllegalMarker)
        {
            ThrowIllegal(start, $"illegal opcode 0x{opcode:x2}");
            return default;
        }
        else
        {
            info = InstructionSet.SingleByteRows[opcode]!;
        }

        ulong first = 0;
        uint second = 0;
        switch (info.Immediates)
        {
            case ImmediateKind.None:
                break;
            case ImmediateKind.Label or ImmediateKind.Function or ImmediateKind.Local or ImmediateKind.Global
                or ImmediateKind.Table or ImmediateKind.Data or ImmediateKind.Element:
                first = _reader.ReadVarUInt32();
                break;
            case ImmediateKind.TypeAndTable or ImmediateKind.ElementAndTable or ImmediateKind.TablePair:
                first = _reader.ReadVarUInt32();
                second = _reader.ReadVarUInt32();
                break;
            case ImmediateKind.BlockType:
                first = (ulong)ReadBlockType(start);
                break;
            case ImmediateKind.BranchTable:
            {
                second = _reader.ReadVarUInt32();
                first = (uint)_reader.Position;
                if (second > _maxBranchTargets) break;
                // Count + 1 depths, each at least one byte: a bogus count ends at the end of the bytes.
                for (uint i = 0; i <= second; i++) _reader.ReadVarUInt32();
                break;
            }
            case ImmediateKind.SelectTypes:
            {
                uint count = _reader.ReadVarUInt32();
                first = count;
                for (uint i = 0; i < count; i++)
                {
                    byte type = _reader.ReadByte();
                    if (!IsValueTypeByte(type)) Throw(WasmErrorKind.MalformedValueType, _reader.Offset - 1, $"malformed value type 0x{type:x2}");
                    if (i == 0) second = type;
                }
                break;
            }
            case ImmediateKind.MemArg:
                second = _reader.ReadVarUInt32();
                first = _reader.ReadVarUInt32();
                break;
            case ImmediateKind.Memory:
                ReadReservedZero();
                break;
            case ImmediateKind.MemoryPair:
                ReadReservedZero();
                ReadReservedZero();
                break;
            case ImmediateKind.DataAndMemory:
                first = _reader.ReadVarUInt32();
                ReadReservedZero();
                break;
            case ImmediateKind.I32:
                first = (ulong)(long)_reader.ReadVarInt32();
                break;
            case ImmediateKind.I64:
                first = (ulong)_reader.ReadVarInt64();
                break;
            case ImmediateKind.F32:
                first = _reader.ReadFloat32Bits();
                break;
            case ImmediateKind.F64:
                first = _reader.ReadFloat64Bits();
                break;
            case ImmediateKind.ReferenceType:
            {
                byte type = _reader.ReadByte();
                if (type != (byte)ValueType.FuncRef && type != (byte)ValueType.ExternRef)
                    Throw(WasmErrorKind.MalformedReferenceType, _reader.Offset - 1, $"malformed reference type 0x{type:x2}");
                first = type;
                break;
            }
            case ImmediateKind.V128 or ImmediateKind.LaneIndices:
                first = (uint)_reader.Position;
                _reader.Skip(16);
                break;
            case ImmediateKind.Lane:
                first = (ulong)_reader.ReadByte() << 32;
                break;
            case ImmediateKind.MemArgLane:
                second = _reader.ReadVarUInt32();
                first = _reader.ReadVarUInt32();
                first |= (ulong)_reader.ReadByte() << 32;
                break;
            default:
                throw new InvalidOperationException($"{info.Mnemonic}: the reader has no case for immediates {info.Immediates}");
        }
        return new Instruction(info, (Opcode)opcode, start, _reader.Position, first, second);
    }

    /// <summary>0x40 (no values) or a value type byte as one byte, else a non-negative type index (s33).</summary>
    private long ReadBlockType(int start)
    {
        byte first = _reader.PeekByte();
        if (first == 0x40 || IsValueTypeByte(first))
        {
            _reader.ReadByte();
            return ((long)first << 57) >> 57; // the one-byte s33 value: 0x40 → -64, 0x7F → -1
        }
        long typeIndex = _reader.ReadVarInt33();
        if (typeIndex < 0) Throw(WasmErrorKind.MalformedBlockType, _reader.BaseOffset + start, $"malformed block type 0x{first:x2}");
        return typeIndex;
    }

    /// <summary>Reserved memory-index bytes are a single 0x00 byte, not a LEB128 zero.</summary>
    private void ReadReservedZero()
    {
        int offset = _reader.Offset;
        if (_reader.ReadByte() != 0) Throw(WasmErrorKind.ZeroByteExpected, offset, "zero byte expected");
    }

    public static bool IsValueTypeByte(byte b) =>
        b is (byte)ValueType.I32 or (byte)ValueType.I64 or (byte)ValueType.F32 or (byte)ValueType.F64
            or (byte)ValueType.V128 or (byte)ValueType.FuncRef or (byte)ValueType.ExternRef;

    [DoesNotReturn]
    private readonly void ThrowIllegal(int start, string message) =>
        Throw(WasmErrorKind.IllegalOpcode, _reader.BaseOffset + start, message);

    [DoesNotReturn]
    private static void Throw(WasmErrorKind kind, long offset, string message) => throw new WasmDecodeException(kind, offset, message);
}
