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
    public ushort Key => CodeNode.KeyOf(Info);

    public byte[] Encoding { get; } = Info.Encoding();

    public void Write(WasmWriter writer) => writer.WriteBytes(Encoding);

    /// <summary>Integer division and remainder, which trap on a zero divisor (and signed overflow).</summary>
    public bool IsDivision => Info.Cost == CostClass.IntegerDivide;

    /// <summary>The trapping float-to-integer truncations (<c>trunc_sat</c> does not trap).</summary>
    public bool IsTrappingTruncation => Info.Mnemonic.Contains(".trunc_f", StringComparison.Ordinal);
}

/// <summary>Every numeric instruction of the engine's instruction table, typed: the generator's catalogue of them.</summary>
public static class NumericOps
{
    private const ValueType I = ValueType.I32, L = ValueType.I64, F = ValueType.F32, D = ValueType.F64;

    public static readonly NumericOp[] All = Build();

    /// <summary>The instructions whose result type is <paramref name="type"/>.</summary>
    public static NumericOp[] Producing(ValueType type) => type switch
    {
        I => ProducingI32,
        L => ProducingI64,
        F => ProducingF32,
        D => ProducingF64,
        _ => [],
    };

    private static readonly NumericOp[] ProducingI32 = All.Where(o => o.Result == I).ToArray();
    private static readonly NumericOp[] ProducingI64 = All.Where(o => o.Result == L).ToArray();
    private static readonly NumericOp[] ProducingF32 = All.Where(o => o.Result == F).ToArray();
    private static readonly NumericOp[] ProducingF64 = All.Where(o => o.Result == D).ToArray();

    public static NumericOp ByKey(ushort key) => All.First(o => o.Key == key);

    /// <summary>
    /// Every row of the engine's <see cref="InstructionSet"/> that is a numeric operator: a fixed signature of number
    /// types to one number, no immediates (so constants, memory accesses and bulk operations are not). Opcode order.
    /// </summary>
    private static NumericOp[] Build()
    {
        var ops = new List<NumericOp>();
        foreach (var info in InstructionSet.All)
        {
            if (!info.HasFixedSignature || info.Immediates != ImmediateKind.None || info.Results.Length != 1) continue;
            if (!info.Results[0].IsNumeric() || info.Operands.Length == 0) continue;
            bool numeric = true;
            foreach (var operand in info.Operands) numeric &= operand.IsNumeric();
            if (!numeric) continue;
            ops.Add(new NumericOp(info, info.Operands.ToArray(), info.Results[0]));
        }
        return ops.ToArray();
    }
}
