using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>One stack-only numeric instruction: its encoding (prefixed when <see cref="Prefixed"/>) and type.</summary>
public sealed record NumericOp(byte Opcode, bool Prefixed, string Name, ValueType[] Parameters, ValueType Result)
{
    public ushort Key => Prefixed ? CodeNode.KeyFC(Opcode) : CodeNode.Key(Opcode);

    public byte[] Encoding => Prefixed ? [0xFC, Opcode] : [Opcode];

    public void Write(WasmWriter writer) => writer.Bytes(Encoding);

    /// <summary>Integer division and remainder, which trap on a zero divisor (and signed overflow).</summary>
    public bool IsDivision => !Prefixed && Opcode is >= 0x6D and <= 0x70 or >= 0x7F and <= 0x82;

    /// <summary>The trapping float-to-integer truncations.</summary>
    public bool IsTrappingTruncation => !Prefixed && Opcode is >= 0xA8 and <= 0xAB or >= 0xAE and <= 0xB1;
}

/// <summary>Every numeric instruction of WebAssembly 2.0 (MVP, sign extension, non-trapping conversions), typed.</summary>
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

    private static NumericOp[] Build()
    {
        var ops = new List<NumericOp>();
        void Op(byte code, string name, ValueType result, params ValueType[] parameters) => ops.Add(new(code, false, name, parameters, result));
        void Fc(byte code, string name, ValueType result, ValueType parameter) => ops.Add(new(code, true, name, [parameter], result));

        Op(0x45, "i32.eqz", I, I);
        string[] cmp = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
        for (int i = 0; i < cmp.Length; i++) Op((byte)(0x46 + i), "i32." + cmp[i], I, I, I);
        Op(0x50, "i64.eqz", I, L);
        for (int i = 0; i < cmp.Length; i++) Op((byte)(0x51 + i), "i64." + cmp[i], I, L, L);
        string[] fcmp = ["eq", "ne", "lt", "gt", "le", "ge"];
        for (int i = 0; i < fcmp.Length; i++) Op((byte)(0x5B + i), "f32." + fcmp[i], I, F, F);
        for (int i = 0; i < fcmp.Length; i++) Op((byte)(0x61 + i), "f64." + fcmp[i], I, D, D);

        string[] iun = ["clz", "ctz", "popcnt"];
        string[] ibin = ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"];
        for (int i = 0; i < 3; i++) Op((byte)(0x67 + i), "i32." + iun[i], I, I);
        for (int i = 0; i < ibin.Length; i++) Op((byte)(0x6A + i), "i32." + ibin[i], I, I, I);
        for (int i = 0; i < 3; i++) Op((byte)(0x79 + i), "i64." + iun[i], L, L);
        for (int i = 0; i < ibin.Length; i++) Op((byte)(0x7C + i), "i64." + ibin[i], L, L, L);

        string[] fun = ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"];
        string[] fbin = ["add", "sub", "mul", "div", "min", "max", "copysign"];
        for (int i = 0; i < fun.Length; i++) Op((byte)(0x8B + i), "f32." + fun[i], F, F);
        for (int i = 0; i < fbin.Length; i++) Op((byte)(0x92 + i), "f32." + fbin[i], F, F, F);
        for (int i = 0; i < fun.Length; i++) Op((byte)(0x99 + i), "f64." + fun[i], D, D);
        for (int i = 0; i < fbin.Length; i++) Op((byte)(0xA0 + i), "f64." + fbin[i], D, D, D);

        Op(0xA7, "i32.wrap_i64", I, L);
        Op(0xA8, "i32.trunc_f32_s", I, F);
        Op(0xA9, "i32.trunc_f32_u", I, F);
        Op(0xAA, "i32.trunc_f64_s", I, D);
        Op(0xAB, "i32.trunc_f64_u", I, D);
        Op(0xAC, "i64.extend_i32_s", L, I);
        Op(0xAD, "i64.extend_i32_u", L, I);
        Op(0xAE, "i64.trunc_f32_s", L, F);
        Op(0xAF, "i64.trunc_f32_u", L, F);
        Op(0xB0, "i64.trunc_f64_s", L, D);
        Op(0xB1, "i64.trunc_f64_u", L, D);
        Op(0xB2, "f32.convert_i32_s", F, I);
        Op(0xB3, "f32.convert_i32_u", F, I);
        Op(0xB4, "f32.convert_i64_s", F, L);
        Op(0xB5, "f32.convert_i64_u", F, L);
        Op(0xB6, "f32.demote_f64", F, D);
        Op(0xB7, "f64.convert_i32_s", D, I);
        Op(0xB8, "f64.convert_i32_u", D, I);
        Op(0xB9, "f64.convert_i64_s", D, L);
        Op(0xBA, "f64.convert_i64_u", D, L);
        Op(0xBB, "f64.promote_f32", D, F);
        Op(0xBC, "i32.reinterpret_f32", I, F);
        Op(0xBD, "i64.reinterpret_f64", L, D);
        Op(0xBE, "f32.reinterpret_i32", F, I);
        Op(0xBF, "f64.reinterpret_i64", D, L);
        Op(0xC0, "i32.extend8_s", I, I);
        Op(0xC1, "i32.extend16_s", I, I);
        Op(0xC2, "i64.extend8_s", L, L);
        Op(0xC3, "i64.extend16_s", L, L);
        Op(0xC4, "i64.extend32_s", L, L);

        Fc(0, "i32.trunc_sat_f32_s", I, F);
        Fc(1, "i32.trunc_sat_f32_u", I, F);
        Fc(2, "i32.trunc_sat_f64_s", I, D);
        Fc(3, "i32.trunc_sat_f64_u", I, D);
        Fc(4, "i64.trunc_sat_f32_s", L, F);
        Fc(5, "i64.trunc_sat_f32_u", L, F);
        Fc(6, "i64.trunc_sat_f64_s", L, D);
        Fc(7, "i64.trunc_sat_f64_u", L, D);
        return ops.ToArray();
    }
}
