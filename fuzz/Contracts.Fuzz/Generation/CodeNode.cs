using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// One node of a generated function body. The generator builds bodies as trees whose every node, seen from outside,
/// takes nothing from the operand stack and leaves <see cref="Results"/> on it. That invariant is what lets the
/// minimizer replace any replaceable node with constants of its result types (or with nothing, for a statement)
/// and still have a valid module.
/// Encoding order: <see cref="Operands"/>, <see cref="Code"/>, then for a structured node <see cref="Body"/>,
/// <c>else</c> and <see cref="ElseBody"/>, <c>end</c>; finally <see cref="Trailer"/>.
/// </summary>
public sealed class CodeNode
{
    public required string Mnemonic { get; init; }
    public required ValueType[] Results { get; init; }
    public List<CodeNode> Operands { get; init; } = [];
    public byte[] Code { get; init; } = [];
    public List<CodeNode>? Body { get; set; }
    public List<CodeNode>? ElseBody { get; set; }
    public byte[] Trailer { get; init; } = [];
    /// <summary>False for nodes that pop values pushed outside them (a block's parameters): they cannot be replaced.</summary>
    public bool Replaceable { get; init; } = true;
    /// <summary>The instructions this node itself stands for (not its operands, body or instrumentation), for coverage.</summary>
    public uint[] Opcodes { get; init; } = [];
    /// <summary>For a numeric instruction node, the instruction (its <see cref="Code"/> is just its encoding).</summary>
    public NumericOp? Numeric { get; init; }

    public bool IsStructured => Body is not null;

    /// <summary>Coverage key of a single-byte opcode.</summary>
    public static uint Key(byte opcode) => opcode;

    /// <summary>Coverage key of an opcode after the 0xFC prefix.</summary>
    public static uint KeyFC(uint subOpcode) => 0xFC_0000 | subOpcode;

    /// <summary>Coverage key of an opcode after the 0xFD (SIMD) prefix.</summary>
    public static uint KeyFD(uint subOpcode) => 0xFD_0000 | subOpcode;

    /// <summary>Coverage key of an instruction of the engine's table: the prefix above the 16-bit sub-opcode.</summary>
    public static uint KeyOf(Contracts.Engine.Binary.InstructionInfo info) =>
        info.IsPrefixed ? ((uint)info.Prefix << 16) | info.Code : Key((byte)info.Code);

    /// <summary>
    /// Writes the subtree. <paramref name="substitutions"/> plants a bug: a numeric instruction whose key is in it is
    /// written as the mapped instruction instead (same type, different semantics), for the oracle's self-test.
    /// </summary>
    public void Encode(WasmWriter writer, IReadOnlyDictionary<uint, uint>? substitutions = null)
    {
        foreach (var operand in Operands) operand.Encode(writer, substitutions);
        if (Numeric is { } op && substitutions is not null && substitutions.TryGetValue(op.Key, out var replacement))
            NumericOps.ByKey(replacement).Write(writer);
        else
            writer.WriteBytes(Code);
        if (Body is not null)
        {
            foreach (var node in Body) node.Encode(writer, substitutions);
            if (ElseBody is not null)
            {
                writer.WriteByte(0x05);
                foreach (var node in ElseBody) node.Encode(writer, substitutions);
            }
            writer.WriteByte(0x0B);
        }
        writer.WriteBytes(Trailer);
    }

    /// <summary>Every node of this subtree, this one first (operands, then bodies).</summary>
    public IEnumerable<CodeNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (var operand in Operands)
            foreach (var node in operand.DescendantsAndSelf()) yield return node;
        if (Body is not null)
            foreach (var child in Body)
                foreach (var node in child.DescendantsAndSelf()) yield return node;
        if (ElseBody is not null)
            foreach (var child in ElseBody)
                foreach (var node in child.DescendantsAndSelf()) yield return node;
    }

    /// <summary>A node that pushes the zero value of each type: the minimizer's stand-in for any expression.</summary>
    public static CodeNode Constants(ValueType[] types)
    {
        var writer = new WasmWriter();
        foreach (var type in types) WriteZero(writer, type);
        return new CodeNode
        {
            Mnemonic = types.Length == 0 ? "(removed)" : "zero " + string.Join(' ', types.Select(t => t.ToWatName())),
            Results = types,
            Code = writer.ToArray(),
            Replaceable = false,
        };
    }

    public static void WriteZero(WasmWriter writer, ValueType type)
    {
        switch (type)
        {
            case ValueType.I32: writer.WriteByte(0x41); writer.WriteVarInt32(0); break;
            case ValueType.I64: writer.WriteByte(0x42); writer.WriteVarInt64(0); break;
            case ValueType.F32: writer.WriteByte(0x43); writer.WriteFloat32Bits(0); break;
            case ValueType.F64: writer.WriteByte(0x44); writer.WriteFloat64Bits(0); break;
            case ValueType.V128: WriteV128Const(writer, 0); break;
            default: writer.WriteByte(0xD0); writer.WriteByte((byte)type); break;
        }
    }

    /// <summary><c>v128.const</c> with <paramref name="value"/>'s 16 bytes, little-endian (lane 0 in the low bits).</summary>
    public static void WriteV128Const(WasmWriter writer, UInt128 value)
    {
        writer.WriteByte(0xFD);
        writer.WriteVarUInt32(0x0C);
        for (int i = 0; i < 16; i++) writer.WriteByte((byte)(value >> (8 * i)));
    }

    /// <summary>An indented, WAT-like listing of the subtree (operands first, as the code runs).</summary>
    public void Dump(System.Text.StringBuilder output, int indent)
    {
        foreach (var operand in Operands) operand.Dump(output, indent);
        output.Append(' ', indent * 2).Append(Mnemonic).Append('\n');
        if (Body is not null)
        {
            foreach (var node in Body) node.Dump(output, indent + 1);
            if (ElseBody is not null)
            {
                output.Append(' ', indent * 2).Append("else\n");
                foreach (var node in ElseBody) node.Dump(output, indent + 1);
            }
            output.Append(' ', indent * 2).Append("end\n");
        }
    }
}
