using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>One stack-only numeric instruction: its row in the engine's instruction table and its type.</summary>
public sealed record NumericOp(InstructionInfo Info, ValueType[] Parameters, ValueType Result)
{
    public byte Opcode => (byte)Info.Code;
    public bool Prefixed => Info.IsPrefixed;
    public string Name => Info.Mnemonic;
    public uint Key => CodeNode.KeyOf(Info);

    public byte[] Encoding { get; } = Info.Encoding();

    public void Write(WasmWriter writer) => writer.WriteBytes(Encoding);

    /// <summary>Integer division and remainder, which trap on a zero divisor (and signed overflow).</summary>
    public bool IsDivision => Info.Cost == CostClass.IntegerDivide;

    /// <summary>The trapping float-to-integer truncations (<c>trunc_sat</c> does not trap).</summary>
    public bool IsTrappingTruncation => Info.Mnemonic.Contains(".trunc_f", StringComparison.Ordinal);

    public bool IsSimd => Info.Feature == WasmFeature.Simd;
}

/// <summary>Every numeric instruction of the engine's instruction table, typed: the generator's catalogue of them.</summary>
public static class NumericOps
{
    private const ValueType I = ValueType.I32, L = ValueType.I64, F = ValueType.F32, D = ValueType.F64;

    public static readonly NumericOp[] All = Build();

    /// <summary>The instructions without SIMD's (what a module without SIMD uses).</summary>
    public static readonly NumericOp[] Scalar = All.Where(o => !o.IsSimd).ToArray();

    /// <summary>The instructions whose result type is <paramref name="type"/>, SIMD's included when <paramref name="simd"/>.</summary>
    public static NumericOp[] Producing(ValueType type, bool simd = false) => (type, simd) switch
    {
        (I, false) => ProducingI32,
        (L, false) => ProducingI64,
        (F, false) => ProducingF32,
        (D, false) => ProducingF64,
        (I, true) => ProducingI32Simd,
        (L, true) => ProducingI64Simd,
        (F, true) => ProducingF32Simd,
        (D, true) => ProducingF64Simd,
        (ValueType.V128, true) => ProducingV128,
        _ => [],
    };

    private static readonly NumericOp[] ProducingI32 = Scalar.Where(o => o.Result == I).ToArray();
    private static readonly NumericOp[] ProducingI64 = Scalar.Where(o => o.Result == L).ToArray();
    private static readonly NumericOp[] ProducingF32 = Scalar.Where(o => o.Result == F).ToArray();
    private static readonly NumericOp[] ProducingF64 = Scalar.Where(o => o.Result == D).ToArray();
    private static readonly NumericOp[] ProducingI32Simd = All.Where(o => o.Result == I).ToArray();
    private static readonly NumericOp[] ProducingI64Simd = All.Where(o => o.Result == L).ToArray();
    private static readonly NumericOp[] ProducingF32Simd = All.Where(o => o.Result == F).ToArray();
    private static readonly NumericOp[] ProducingF64Simd = All.Where(o => o.Result == D).ToArray();
    private static readonly NumericOp[] ProducingV128 = All.Where(o => o.Result == ValueType.V128).ToArray();

    public static NumericOp ByKey(uint key) => All.First(o => o.Key == key);

    /// <summary>
    /// Every row of the engine's <see cref="InstructionSet"/> that is a numeric operator: a fixed signature of number
    /// or vector types to one of them, no immediates (so constants, lane accesses, shuffles, memory accesses and bulk
    /// operations are not). Opcode order, SIMD's last.
    /// </summary>
    private static NumericOp[] Build()
    {
        var ops = new List<NumericOp>();
        foreach (var info in InstructionSet.All)
        {
            if (!info.HasFixedSignature || info.Immediates != ImmediateKind.None || info.Results.Length != 1) continue;
            if (!IsValue(info.Results[0]) || info.Operands.Length == 0) continue;
            bool numeric = true;
            foreach (var operand in info.Operands) numeric &= IsValue(operand);
            if (!numeric) continue;
            ops.Add(new NumericOp(info, info.Operands.ToArray(), info.Results[0]));
        }
        return ops.ToArray();
    }

    /// <summary>A number or a vector: a value numeric operators take and give.</summary>
    public static bool IsValue(ValueType type) => type.IsNumeric() || type == ValueType.V128;
}
