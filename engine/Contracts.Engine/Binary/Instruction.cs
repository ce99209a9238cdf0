using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary;

/// <summary>
/// One decoded instruction: its opcode, where its bytes are and its immediates, as read by
/// <see cref="InstructionReader"/>. A value type of two words of payload; which accessor is meaningful follows from
/// <see cref="Info"/>.<see cref="InstructionInfo.Immediates"/>. Positions are in the reader's span; the module offset
/// is the reader's <see cref="InstructionReader.Offset"/> before the read (kept out of this struct so it stays small).
/// </summary>
public readonly struct Instruction
{
    private readonly ulong _first;
    private readonly uint _second;

    internal Instruction(InstructionInfo info, Opcode opcode, int start, int end, ulong first, uint second)
    {
        Info = info;
        Opcode = opcode;
        Start = start;
        End = end;
        _first = first;
        _second = second;
    }

    /// <summary>The instruction's row in <see cref="InstructionSet"/>.</summary>
    public InstructionInfo Info { get; }
    /// <summary>The first byte: the opcode, or the prefix of a multi-byte opcode (kept here: every reader switches on it).</summary>
    public Opcode Opcode { get; }
    public bool IsPrefixed => Info.Prefix != 0;
    /// <summary>The sub-opcode after the 0xFC prefix (meaningless otherwise).</summary>
    public OpcodeFC Prefixed => (OpcodeFC)Info.Code;
    /// <summary>Position of the opcode's first byte in the reader's span.</summary>
    public int Start { get; }
    /// <summary>Position just past the instruction in the reader's span.</summary>
    public int End { get; }

    /// <summary>The first index immediate: label depth, function, type, local, global, table, data or element segment.</summary>
    public uint Index => (uint)_first;
    /// <summary>The second index immediate: the table of <c>call_indirect</c> and <c>table.init</c>, the source table of <c>table.copy</c>.</summary>
    public uint SecondIndex => _second;
    /// <summary>The raw block type (s33): a type index when ≥ 0; -64 (0x40) for no values; else a value type byte's s33 value.</summary>
    public long BlockType => (long)_first;
    /// <summary>For a block type below zero: the single result type, or 0 for none.</summary>
    public ValueType BlockResult => BlockType == -64 ? 0 : (ValueType)(byte)(BlockType & 0x7F);
    public int I32 => (int)_first;
    public long I64 => (long)_first;
    /// <summary>Raw IEEE bits (never converted to float, so NaN payloads survive).</summary>
    public uint F32Bits => (uint)_first;
    public ulong F64Bits => _first;
    /// <summary>The bits of any constant instruction as a slot holds them (i32 zero-extended, ref.null as 0).</summary>
    public ulong ConstantBits => Info.Immediates == ImmediateKind.I32 ? (uint)_first : Info.Immediates == ImmediateKind.ReferenceType ? 0 : _first;
    public uint MemoryOffset => (uint)_first;
    /// <summary>The memarg's alignment exponent.</summary>
    public uint Alignment => _second;
    public ValueType ReferenceType => (ValueType)(byte)_first;
    /// <summary>How many types a typed <c>select</c> lists (valid code: 1).</summary>
    public uint SelectArity => (uint)_first;
    /// <summary>The first type a typed <c>select</c> lists.</summary>
    public ValueType SelectType => (ValueType)(byte)_second;
    /// <summary><c>br_table</c>: the number of labels before the default.</summary>
    public uint TargetCount => _second;
    /// <summary><c>br_table</c>: position of the first label depth in the reader's span.</summary>
    internal int TargetsStart => (int)_first;
    /// <summary>A SIMD lane index (<c>extract_lane</c>, <c>replace_lane</c>, <c>load*_lane</c>, <c>store*_lane</c>).</summary>
    public int Lane => (byte)(_first >> 32);
    /// <summary><c>v128.const</c>, <c>i8x16.shuffle</c>: position of the 16 immediate bytes in the reader's span.</summary>
    internal int BytesStart => (int)_first;

    public override string ToString() => $"{Info.Mnemonic} @{Start}";
}
