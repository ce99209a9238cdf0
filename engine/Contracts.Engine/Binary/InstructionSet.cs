using System.Collections.Frozen;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary;

/// <summary>
/// The one table of WebAssembly instructions (rows in <c>InstructionSet.Table.cs</c>). The reader's immediates
/// grammar, the validator's typing of fixed-signature operators, the gas instrumenter's stack effects and cost
/// classes, the fuzz generator's catalogue and opcode coverage all read it; nothing else lists opcodes.
/// </summary>
public static partial class InstructionSet
{
    private static readonly InstructionInfo[] Rows = BuildRows();
    internal static readonly InstructionInfo?[] SingleByteRows = new InstructionInfo?[256];
    /// <summary>Per prefix byte: the rows indexed by sub-opcode (null when the prefix has no instructions).</summary>
    private static readonly InstructionInfo?[]?[] PrefixedRows = new InstructionInfo?[]?[256];
    private static readonly FrozenDictionary<string, InstructionInfo> ByMnemonic;

    /// <summary>
    /// The immediates grammar of each single-byte opcode, with the prefixes marked <see cref="PrefixMarker"/>:
    /// the reader's first lookup, kept as bytes so it stays in one cache line pair.
    /// </summary>
    internal static readonly byte[] SingleByteImmediates = new byte[256];
    internal const byte PrefixMarker = 0xFF;
    internal const byte IllegalMarker = 0xFE;

    static InstructionSet()
    {
        Array.Fill(SingleByteImmediates, IllegalMarker);
        var byMnemonic = new Dictionary<string, InstructionInfo>(Rows.Length, StringComparer.Ordinal);
        var prefixed = new Dictionary<byte, List<InstructionInfo>>();
        for (int i = 0; i < Rows.Length; i++) Rows[i].Index = i;
        foreach (var row in Rows)
        {
            if (!byMnemonic.TryAdd(row.Mnemonic, row)) throw new InvalidOperationException($"instruction {row.Mnemonic} is listed twice");
            if (row.Prefix == 0)
            {
                if (SingleByteRows[row.Code] is not null) throw new InvalidOperationException($"opcode 0x{row.Code:x2} is listed twice");
                SingleByteRows[row.Code] = row;
                SingleByteImmediates[row.Code] = (byte)row.Immediates;
            }
            else
            {
                if (!prefixed.TryGetValue(row.Prefix, out var list)) prefixed[row.Prefix] = list = [];
                list.Add(row);
            }
        }
        foreach (var (prefix, list) in prefixed)
        {
            var rows = new InstructionInfo?[list.Max(r => r.Code) + 1];
            foreach (var row in list)
            {
                if (rows[row.Code] is not null) throw new InvalidOperationException($"opcode 0x{prefix:x2} {row.Code} is listed twice");
                rows[row.Code] = row;
            }
            PrefixedRows[prefix] = rows;
            SingleByteImmediates[prefix] = PrefixMarker;
        }
        ByMnemonic = byMnemonic.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every instruction, in opcode order within each prefix (single-byte first).</summary>
    public static ReadOnlySpan<InstructionInfo> All => Rows;

    /// <summary>The single-byte instruction <paramref name="opcode"/>, or null (a prefix or an unassigned byte).</summary>
    public static InstructionInfo? Get(Opcode opcode) => SingleByteRows[(byte)opcode];

    /// <summary>The instruction <paramref name="code"/> after prefix byte <paramref name="prefix"/> (0 for single-byte), or null.</summary>
    public static InstructionInfo? Get(byte prefix, uint code)
    {
        if (prefix == 0) return code < 256 ? SingleByteRows[code] : null;
        var rows = PrefixedRows[prefix];
        return rows is not null && code < (uint)rows.Length ? rows[code] : null;
    }

    public static InstructionInfo Get(OpcodeFC opcode) => Get((byte)Opcode.PrefixFC, (uint)opcode)!;

    /// <summary>True when <paramref name="prefix"/> starts multi-byte opcodes that the table lists.</summary>
    public static bool IsPrefix(byte prefix) => PrefixedRows[prefix] is not null;

    /// <summary>The instruction named <paramref name="mnemonic"/> in the text format, or null.</summary>
    public static InstructionInfo? Find(string mnemonic) => ByMnemonic.GetValueOrDefault(mnemonic);

    // ---- Row builders for InstructionSet.Table.cs ----

    private static InstructionInfo Op(string mnemonic, uint code, string? signature, CostClass cost,
        ImmediateKind immediates = ImmediateKind.None, WasmFeature feature = WasmFeature.Mvp, byte naturalAlignment = 0) =>
        Row(mnemonic, 0, code, signature, cost, immediates, feature, naturalAlignment);

    private static InstructionInfo FC(string mnemonic, uint code, string? signature, CostClass cost,
        ImmediateKind immediates = ImmediateKind.None, WasmFeature feature = WasmFeature.NonTrappingFloatToInt) =>
        Row(mnemonic, (byte)Opcode.PrefixFC, code, signature, cost, immediates, feature, 0);

    private static InstructionInfo FD(string mnemonic, uint code, string signature, CostClass cost,
        ImmediateKind immediates = ImmediateKind.None, byte naturalAlignment = 0) =>
        Row(mnemonic, (byte)Opcode.PrefixSimd, code, signature, cost, immediates, WasmFeature.Simd, naturalAlignment);

    private static InstructionInfo Load(string mnemonic, uint code, string type, byte naturalAlignment) =>
        Op(mnemonic, code, $"i32 -> {type}", CostClass.Load, ImmediateKind.MemArg, naturalAlignment: naturalAlignment);

    private static InstructionInfo Store(string mnemonic, uint code, string type, byte naturalAlignment) =>
        Op(mnemonic, code, $"i32 {type} ->", CostClass.Store, ImmediateKind.MemArg, naturalAlignment: naturalAlignment);

    /// <summary>
    /// A row. <paramref name="signature"/> is <c>"operands -> results"</c> in text-format type names (bottom of the
    /// stack first), or null when the module types the instruction (<see cref="InstructionInfo.HasFixedSignature"/>).
    /// </summary>
    private static InstructionInfo Row(string mnemonic, byte prefix, uint code, string? signature, CostClass cost,
        ImmediateKind immediates, WasmFeature feature, byte naturalAlignment)
    {
        ValueType[]? operands = null, results = null;
        if (signature is not null)
        {
            int arrow = signature.IndexOf("->", StringComparison.Ordinal);
            if (arrow < 0) throw new InvalidOperationException($"{mnemonic}: signature '{signature}' has no '->'");
            operands = ParseTypes(mnemonic, signature[..arrow]);
            results = ParseTypes(mnemonic, signature[(arrow + 2)..]);
        }
        return new InstructionInfo(mnemonic, prefix, code, immediates, operands, results, feature, cost, naturalAlignment);
    }

    private static ValueType[] ParseTypes(string mnemonic, string types) =>
        types.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(name => name switch
        {
            "i32" => ValueType.I32,
            "i64" => ValueType.I64,
            "f32" => ValueType.F32,
            "f64" => ValueType.F64,
            "v128" => ValueType.V128,
            "funcref" => ValueType.FuncRef,
            "externref" => ValueType.ExternRef,
            _ => throw new InvalidOperationException($"{mnemonic}: unknown value type '{name}'"),
        }).ToArray();
}
