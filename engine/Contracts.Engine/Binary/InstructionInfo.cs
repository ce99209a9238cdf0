using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary;

/// <summary>
/// One row of <see cref="InstructionSet"/>: every fact about a WebAssembly instruction that does not depend on the
/// module around it.
/// </summary>
public sealed class InstructionInfo
{
    private readonly ValueType[] _operands;
    private readonly ValueType[] _results;

    internal InstructionInfo(string mnemonic, byte prefix, uint code, ImmediateKind immediates, ValueType[]? operands,
        ValueType[]? results, WasmFeature feature, CostClass cost, byte naturalAlignment)
    {
        Mnemonic = mnemonic;
        Prefix = prefix;
        Code = code;
        Immediates = immediates;
        HasFixedSignature = operands is not null;
        _operands = operands ?? [];
        _results = results ?? [];
        if (HasFixedSignature && _operands.Length <= 2 && _results.Length <= 1)
        {
            IsSimple = true;
            FirstOperand = _operands.Length > 0 ? _operands[0] : 0;
            SecondOperand = _operands.Length > 1 ? _operands[1] : 0;
            SingleResult = _results.Length > 0 ? _results[0] : 0;
        }
        Feature = feature;
        Cost = cost;
        NaturalAlignment = naturalAlignment;
    }

    /// <summary>Position in <see cref="InstructionSet.All"/>: a dense index for per-instruction lookup tables.</summary>
    public int Index { get; internal set; }

    /// <summary>The text-format name, e.g. <c>i32.add</c>.</summary>
    public string Mnemonic { get; }
    /// <summary>0 for a single-byte opcode, else the prefix byte (0xFC, 0xFD).</summary>
    public byte Prefix { get; }
    /// <summary>The opcode byte, or the LEB128 u32 sub-opcode after <see cref="Prefix"/>.</summary>
    public uint Code { get; }
    public bool IsPrefixed => Prefix != 0;
    public ImmediateKind Immediates { get; }
    /// <summary>
    /// True when the instruction's typing is exactly [<see cref="Operands"/>] → [<see cref="Results"/>], whatever its
    /// immediates; false for those typed by the module (control, calls, locals, globals, tables, select, references),
    /// which the validator handles one by one. Memory accesses are fixed-signature (plus a memory and an alignment check).
    /// </summary>
    public bool HasFixedSignature { get; }
    /// <summary>Operand types, bottom of the stack first (empty when not <see cref="HasFixedSignature"/>).</summary>
    public ReadOnlySpan<ValueType> Operands => _operands;
    public ReadOnlySpan<ValueType> Results => _results;

    // The signature unpacked for the validator's hot path: at most two operands and one result (0 = none).
    internal readonly bool IsSimple;
    internal readonly ValueType FirstOperand;
    internal readonly ValueType SecondOperand;
    internal readonly ValueType SingleResult;
    public WasmFeature Feature { get; }
    /// <summary>The tier of static gas cost.</summary>
    public CostClass Cost { get; }
    /// <summary>For a <see cref="ImmediateKind.MemArg"/>: log2 of the bytes accessed (the largest valid alignment).</summary>
    public byte NaturalAlignment { get; }

    /// <summary>The opcode bytes as written in a module (prefix, then the LEB128 sub-opcode).</summary>
    public byte[] Encoding()
    {
        var writer = new Writing.WasmWriter(8);
        if (Prefix == 0)
        {
            writer.WriteByte((byte)Code);
        }
        else
        {
            writer.WriteByte(Prefix);
            writer.WriteVarUInt32(Code);
        }
        return writer.ToArray();
    }

    public override string ToString() => Mnemonic;
}
