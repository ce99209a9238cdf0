using System.Numerics;
using System.Text.Json;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;
using Contracts.Engine.SpecScripts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Engine.Tests.Execution;

public sealed class NumericOpsTests(ITestOutputHelper output)
{
    private const uint F32Nan = NumericOps.F32CanonicalNaN;
    private const ulong F64Nan = NumericOps.F64CanonicalNaN;
    private const string Seed = "(20240611,1234567)";

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);
    private static ulong Bits(double value) => BitConverter.DoubleToUInt64Bits(value);
    private static float F32(uint bits) => BitConverter.UInt32BitsToSingle(bits);
    private static double F64(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
    private static bool IsNaN(uint bits) => (bits & 0x7FFF_FFFF) > 0x7F80_0000;
    private static bool IsNaN(ulong bits) => (bits & 0x7FFF_FFFF_FFFF_FFFF) > 0x7FF0_0000_0000_0000;

    // ================================================================ spec testsuite expectations

    /// <summary>
    /// Scripts whose assert_return/assert_trap invoke single-instruction exports on constant arguments, with how many
    /// of their cases name one of <see cref="Ops"/>: a changed count means cases silently stopped being checked.
    /// </summary>
    private static readonly (string Script, int ExpectedCases)[] SpecScripts =
    [
        ("f32", 2500), ("f64", 2500), ("f32_bitwise", 360), ("f64_bitwise", 360), ("f32_cmp", 2400),
        ("f64_cmp", 2400), ("conversions", 515), ("float_misc", 440), ("float_exprs", 6), ("i32", 48), ("i64", 48),
    ];

    private readonly record struct Outcome(TrapKind Trap, ulong Bits);

    private static Outcome Ok(ulong bits) => new(TrapKind.None, bits);
    private static Outcome Flag(bool value) => new(TrapKind.None, value ? 1ul : 0ul);

    /// <summary>Wasm instruction name to our implementation, with every value as zero-extended raw bits.</summary>
    private static readonly Dictionary<string, Func<ulong[], Outcome>> Ops = new()
    {
        ["f32.add"] = a => Ok(NumericOps.F32Add((uint)a[0], (uint)a[1])),
        ["f32.sub"] = a => Ok(NumericOps.F32Sub((uint)a[0], (uint)a[1])),
        ["f32.mul"] = a => Ok(NumericOps.F32Mul((uint)a[0], (uint)a[1])),
        ["f32.div"] = a => Ok(NumericOps.F32Div((uint)a[0], (uint)a[1])),
        ["f32.min"] = a => Ok(NumericOps.F32Min((uint)a[0], (uint)a[1])),
        ["f32.max"] = a => Ok(NumericOps.F32Max((uint)a[0], (uint)a[1])),
        ["f32.sqrt"] = a => Ok(NumericOps.F32Sqrt((uint)a[0])),
        ["f32.ceil"] = a => Ok(NumericOps.F32Ceil((uint)a[0])),
        ["f32.floor"] = a => Ok(NumericOps.F32Floor((uint)a[0])),
        ["f32.trunc"] = a => Ok(NumericOps.F32Trunc((uint)a[0])),
        ["f32.nearest"] = a => Ok(NumericOps.F32Nearest((uint)a[0])),
        ["f32.abs"] = a => Ok(NumericOps.F32Abs((uint)a[0])),
        ["f32.neg"] = a => Ok(NumericOps.F32Neg((uint)a[0])),
        ["f32.copysign"] = a => Ok(NumericOps.F32Copysign((uint)a[0], (uint)a[1])),
        ["f32.eq"] = a => Flag(NumericOps.F32Eq((uint)a[0], (uint)a[1])),
        ["f32.ne"] = a => Flag(NumericOps.F32Ne((uint)a[0], (uint)a[1])),
        ["f32.lt"] = a => Flag(NumericOps.F32Lt((uint)a[0], (uint)a[1])),
        ["f32.gt"] = a => Flag(NumericOps.F32Gt((uint)a[0], (uint)a[1])),
        ["f32.le"] = a => Flag(NumericOps.F32Le((uint)a[0], (uint)a[1])),
        ["f32.ge"] = a => Flag(NumericOps.F32Ge((uint)a[0], (uint)a[1])),
        ["f64.add"] = a => Ok(NumericOps.F64Add(a[0], a[1])),
        ["f64.sub"] = a => Ok(NumericOps.F64Sub(a[0], a[1])),
        ["f64.mul"] = a => Ok(NumericOps.F64Mul(a[0], a[1])),
        ["f64.div"] = a => Ok(NumericOps.F64Div(a[0], a[1])),
        ["f64.min"] = a => Ok(NumericOps.F64Min(a[0], a[1])),
        ["f64.max"] = a => Ok(NumericOps.F64Max(a[0], a[1])),
        ["f64.sqrt"] = a => Ok(NumericOps.F64Sqrt(a[0])),
        ["f64.ceil"] = a => Ok(NumericOps.F64Ceil(a[0])),
        ["f64.floor"] = a => Ok(NumericOps.F64Floor(a[0])),
        ["f64.trunc"] = a => Ok(NumericOps.F64Trunc(a[0])),
        ["f64.nearest"] = a => Ok(NumericOps.F64Nearest(a[0])),
        ["f64.abs"] = a => Ok(NumericOps.F64Abs(a[0])),
        ["f64.neg"] = a => Ok(NumericOps.F64Neg(a[0])),
        ["f64.copysign"] = a => Ok(NumericOps.F64Copysign(a[0], a[1])),
        ["f64.eq"] = a => Flag(NumericOps.F64Eq(a[0], a[1])),
        ["f64.ne"] = a => Flag(NumericOps.F64Ne(a[0], a[1])),
        ["f64.lt"] = a => Flag(NumericOps.F64Lt(a[0], a[1])),
        ["f64.gt"] = a => Flag(NumericOps.F64Gt(a[0], a[1])),
        ["f64.le"] = a => Flag(NumericOps.F64Le(a[0], a[1])),
        ["f64.ge"] = a => Flag(NumericOps.F64Ge(a[0], a[1])),
        ["i32.trunc_f32_s"] = a => new(NumericOps.I32TruncF32S((uint)a[0], out var r), (uint)r),
        ["i32.trunc_f32_u"] = a => new(NumericOps.I32TruncF32U((uint)a[0], out var r), r),
        ["i32.trunc_f64_s"] = a => new(NumericOps.I32TruncF64S(a[0], out var r), (uint)r),
        ["i32.trunc_f64_u"] = a => new(NumericOps.I32TruncF64U(a[0], out var r), r),
        ["i64.trunc_f32_s"] = a => new(NumericOps.I64TruncF32S((uint)a[0], out var r), (ulong)r),
        ["i64.trunc_f32_u"] = a => new(NumericOps.I64TruncF32U((uint)a[0], out var r), r),
        ["i64.trunc_f64_s"] = a => new(NumericOps.I64TruncF64S(a[0], out var r), (ulong)r),
        ["i64.trunc_f64_u"] = a => new(NumericOps.I64TruncF64U(a[0], out var r), r),
        ["i32.trunc_sat_f32_s"] = a => Ok((uint)NumericOps.I32TruncSatF32S((uint)a[0])),
        ["i32.trunc_sat_f32_u"] = a => Ok(NumericOps.I32TruncSatF32U((uint)a[0])),
        ["i32.trunc_sat_f64_s"] = a => Ok((uint)NumericOps.I32TruncSatF64S(a[0])),
        ["i32.trunc_sat_f64_u"] = a => Ok(NumericOps.I32TruncSatF64U(a[0])),
        ["i64.trunc_sat_f32_s"] = a => Ok((ulong)NumericOps.I64TruncSatF32S((uint)a[0])),
        ["i64.trunc_sat_f32_u"] = a => Ok(NumericOps.I64TruncSatF32U((uint)a[0])),
        ["i64.trunc_sat_f64_s"] = a => Ok((ulong)NumericOps.I64TruncSatF64S(a[0])),
        ["i64.trunc_sat_f64_u"] = a => Ok(NumericOps.I64TruncSatF64U(a[0])),
        ["f32.convert_i32_s"] = a => Ok(NumericOps.F32ConvertI32S((int)(uint)a[0])),
        ["f32.convert_i32_u"] = a => Ok(NumericOps.F32ConvertI32U((uint)a[0])),
        ["f32.convert_i64_s"] = a => Ok(NumericOps.F32ConvertI64S((long)a[0])),
        ["f32.convert_i64_u"] = a => Ok(NumericOps.F32ConvertI64U(a[0])),
        ["f64.convert_i32_s"] = a => Ok(NumericOps.F64ConvertI32S((int)(uint)a[0])),
        ["f64.convert_i32_u"] = a => Ok(NumericOps.F64ConvertI32U((uint)a[0])),
        ["f64.convert_i64_s"] = a => Ok(NumericOps.F64ConvertI64S((long)a[0])),
        ["f64.convert_i64_u"] = a => Ok(NumericOps.F64ConvertI64U(a[0])),
        ["f32.demote_f64"] = a => Ok(NumericOps.F32DemoteF64(a[0])),
        ["f64.promote_f32"] = a => Ok(NumericOps.F64PromoteF32((uint)a[0])),
        ["i32.rotl"] = a => Ok((uint)NumericOps.I32Rotl((int)(uint)a[0], (int)(uint)a[1])),
        ["i32.rotr"] = a => Ok((uint)NumericOps.I32Rotr((int)(uint)a[0], (int)(uint)a[1])),
        ["i32.clz"] = a => Ok((uint)NumericOps.I32Clz((int)(uint)a[0])),
        ["i32.ctz"] = a => Ok((uint)NumericOps.I32Ctz((int)(uint)a[0])),
        ["i32.popcnt"] = a => Ok((uint)NumericOps.I32Popcnt((int)(uint)a[0])),
        ["i64.rotl"] = a => Ok((ulong)NumericOps.I64Rotl((long)a[0], (long)a[1])),
        ["i64.rotr"] = a => Ok((ulong)NumericOps.I64Rotr((long)a[0], (long)a[1])),
        ["i64.clz"] = a => Ok((ulong)NumericOps.I64Clz((long)a[0])),
        ["i64.ctz"] = a => Ok((ulong)NumericOps.I64Ctz((long)a[0])),
        ["i64.popcnt"] = a => Ok((ulong)NumericOps.I64Popcnt((long)a[0])),
    };

    [Fact]
    public void NumericOps_match_every_spec_testsuite_expectation_on_constant_arguments()
    {
        var specTests = SharedFolder.SpecTests();
        if (specTests is null)
        {
            Assert.False(SharedFolder.IsCi, "spec tests not found (set WASM_SPEC_TESTS or provide ../shared)");
            output.WriteLine("spec tests not found; nothing checked");
            return;
        }

        var failures = new List<string>();
        var total = 0;
        foreach (var (script, expectedCases) in SpecScripts)
        {
            var path = SpecTestCorpus.ScriptPath(specTests, SpecTestCorpus.Core, script);
            var checkedCases = CheckScript(path, failures);
            output.WriteLine($"{script}: {checkedCases} cases");
            total += checkedCases;
            if (checkedCases != expectedCases)
            {
                failures.Add($"{script}: checked {checkedCases} cases, expected {expectedCases}");
            }
        }
        output.WriteLine($"total: {total} cases");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(50)));
    }

    private static int CheckScript(string path, List<string> failures)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var checkedCases = 0;
        foreach (var command in document.RootElement.GetProperty("commands").EnumerateArray())
        {
            var type = command.GetProperty("type").GetString();
            if (type is not ("assert_return" or "assert_trap")) continue;
            var action = command.GetProperty("action");
            if (action.GetProperty("type").GetString() != "invoke") continue;

            var args = action.GetProperty("args").EnumerateArray().ToArray();
            var field = action.GetProperty("field").GetString()!;
            // f32.json and friends export bare names ("add"); the operand type says which instruction it is.
            var name = field.Contains('.') || args.Length == 0
                ? field
                : args[0].GetProperty("type").GetString() + "." + field;
            if (!Ops.TryGetValue(name, out var op)) continue;

            var operands = args.Select(a => ulong.Parse(a.GetProperty("value").GetString()!)).ToArray();
            var outcome = op(operands);
            var line = command.GetProperty("line").GetInt32();
            var where = $"{Path.GetFileName(path)}:{line} {name}({string.Join(", ", operands)})";
            checkedCases++;

            if (type == "assert_trap")
            {
                var text = command.GetProperty("text").GetString();
                if (outcome.Trap == TrapKind.None || outcome.Trap.Message() != text)
                {
                    failures.Add($"{where}: expected trap '{text}', got {outcome.Trap} {outcome.Bits}");
                }
                continue;
            }

            var expected = command.GetProperty("expected")[0];
            var expectedType = expected.GetProperty("type").GetString();
            var expectedValue = expected.GetProperty("value").GetString()!;
            // Our policy is stricter than the spec: any NaN the spec allows is, for us, the positive canonical NaN.
            var expectedBits = expectedValue.StartsWith("nan:", StringComparison.Ordinal)
                ? expectedType == "f32" ? F32Nan : F64Nan
                : ulong.Parse(expectedValue);
            if (outcome.Trap != TrapKind.None || outcome.Bits != expectedBits)
            {
                failures.Add(
                    $"{where}: expected {expectedValue} ({expectedBits:X}), got {outcome.Trap} {outcome.Bits:X}");
            }
        }
        return checkedCases;
    }

    // ================================================================ NaN canonicalization and bit-exact ops

    [Theory]
    [InlineData(0x7F80_0001u)] // signalling NaN, payload 1
    [InlineData(0xFF80_0001u)] // negative signalling NaN
    [InlineData(0x7FC0_1234u)] // quiet NaN with payload
    [InlineData(0xFFC0_0000u)] // negative canonical NaN (what x64 produces for 0/0)
    [InlineData(0x7FFF_FFFFu)]
    public void F32_arithmetic_on_any_NaN_gives_the_positive_canonical_NaN(uint nan)
    {
        var one = Bits(1.0f);
        uint[] results =
        [
            NumericOps.F32Add(nan, one), NumericOps.F32Add(one, nan), NumericOps.F32Sub(nan, one),
            NumericOps.F32Mul(one, nan), NumericOps.F32Div(nan, one), NumericOps.F32Min(nan, one),
            NumericOps.F32Min(one, nan), NumericOps.F32Max(nan, one), NumericOps.F32Max(one, nan),
            NumericOps.F32Sqrt(nan), NumericOps.F32Ceil(nan), NumericOps.F32Floor(nan), NumericOps.F32Trunc(nan),
            NumericOps.F32Nearest(nan), NumericOps.F32DemoteF64(NumericOps.F64PromoteF32(nan)),
        ];
        Assert.All(results, r => Assert.Equal(F32Nan, r));
        Assert.Equal(F64Nan, NumericOps.F64PromoteF32(nan));
    }

    [Theory]
    [InlineData(0x7FF0_0000_0000_0001ul)]
    [InlineData(0xFFF0_0000_0000_0001ul)]
    [InlineData(0x7FF8_0000_DEAD_BEEFul)]
    [InlineData(0xFFF8_0000_0000_0000ul)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFul)]
    public void F64_arithmetic_on_any_NaN_gives_the_positive_canonical_NaN(ulong nan)
    {
        var one = Bits(1.0);
        ulong[] results =
        [
            NumericOps.F64Add(nan, one), NumericOps.F64Add(one, nan), NumericOps.F64Sub(nan, one),
            NumericOps.F64Mul(one, nan), NumericOps.F64Div(nan, one), NumericOps.F64Min(nan, one),
            NumericOps.F64Min(one, nan), NumericOps.F64Max(nan, one), NumericOps.F64Max(one, nan),
            NumericOps.F64Sqrt(nan), NumericOps.F64Ceil(nan), NumericOps.F64Floor(nan), NumericOps.F64Trunc(nan),
            NumericOps.F64Nearest(nan), NumericOps.F64PromoteF32(NumericOps.F32DemoteF64(nan)),
        ];
        Assert.All(results, r => Assert.Equal(F64Nan, r));
        Assert.Equal(F32Nan, NumericOps.F32DemoteF64(nan));
    }

    [Fact]
    public void Invalid_operations_give_the_positive_canonical_NaN_not_the_CPU_default()
    {
        uint zero32 = Bits(0.0f), inf32 = Bits(float.PositiveInfinity), minusOne32 = Bits(-1.0f);
        Assert.Equal(F32Nan, NumericOps.F32Div(zero32, zero32));
        Assert.Equal(F32Nan, NumericOps.F32Sub(inf32, inf32));
        Assert.Equal(F32Nan, NumericOps.F32Add(inf32, NumericOps.F32Neg(inf32)));
        Assert.Equal(F32Nan, NumericOps.F32Mul(zero32, inf32));
        Assert.Equal(F32Nan, NumericOps.F32Div(inf32, inf32));
        Assert.Equal(F32Nan, NumericOps.F32Sqrt(minusOne32));
        Assert.Equal(F32Nan, NumericOps.F32Sqrt(Bits(float.NegativeInfinity)));

        ulong zero64 = Bits(0.0), inf64 = Bits(double.PositiveInfinity), minusOne64 = Bits(-1.0);
        Assert.Equal(F64Nan, NumericOps.F64Div(zero64, zero64));
        Assert.Equal(F64Nan, NumericOps.F64Sub(inf64, inf64));
        Assert.Equal(F64Nan, NumericOps.F64Mul(inf64, zero64));
        Assert.Equal(F64Nan, NumericOps.F64Div(inf64, inf64));
        Assert.Equal(F64Nan, NumericOps.F64Sqrt(minusOne64));
    }

    [Fact]
    public void Abs_neg_and_copysign_keep_NaN_payloads_bit_for_bit()
    {
        Assert.Equal(0xFF80_0001u, NumericOps.F32Neg(0x7F80_0001u));
        Assert.Equal(0x7F80_0001u, NumericOps.F32Abs(0xFF80_0001u));
        Assert.Equal(0xFFC0_1234u, NumericOps.F32Copysign(0x7FC0_1234u, Bits(-0.0f)));
        Assert.Equal(0x7F80_0001u, NumericOps.F32Copysign(0xFF80_0001u, 0x7FC0_0000u));
        Assert.Equal(0xFFF0_0000_0000_0001ul, NumericOps.F64Neg(0x7FF0_0000_0000_0001ul));
        Assert.Equal(0x7FF0_0000_0000_0001ul, NumericOps.F64Abs(0xFFF0_0000_0000_0001ul));
        Assert.Equal(0xFFF4_0000_0000_0001ul, NumericOps.F64Copysign(0x7FF4_0000_0000_0001ul, 0xFFF8_0000_0000_0000ul));
        Assert.Equal(0x8000_0000u, NumericOps.F32Neg(0u));
        Assert.Equal(0x8000_0000_0000_0000ul, NumericOps.F64Neg(0ul));
    }

    // ================================================================ min/max and rounding edges

    [Fact]
    public void Min_prefers_negative_zero_and_max_prefers_positive_zero_in_either_order()
    {
        uint p32 = 0u, n32 = 0x8000_0000u;
        Assert.Equal(n32, NumericOps.F32Min(p32, n32));
        Assert.Equal(n32, NumericOps.F32Min(n32, p32));
        Assert.Equal(p32, NumericOps.F32Max(p32, n32));
        Assert.Equal(p32, NumericOps.F32Max(n32, p32));
        Assert.Equal(n32, NumericOps.F32Min(n32, n32));
        Assert.Equal(n32, NumericOps.F32Max(n32, n32));
        ulong p64 = 0ul, n64 = 0x8000_0000_0000_0000ul;
        Assert.Equal(n64, NumericOps.F64Min(p64, n64));
        Assert.Equal(n64, NumericOps.F64Min(n64, p64));
        Assert.Equal(p64, NumericOps.F64Max(p64, n64));
        Assert.Equal(p64, NumericOps.F64Max(n64, p64));
        ulong minusInf64 = Bits(double.NegativeInfinity);
        Assert.Equal(minusInf64, NumericOps.F64Min(minusInf64, Bits(-double.MaxValue)));
        uint inf32 = Bits(float.PositiveInfinity);
        Assert.Equal(inf32, NumericOps.F32Max(Bits(float.MaxValue), inf32));
    }

    [Theory]
    [InlineData(-0.5, -0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(-0.0, -0.0)]
    [InlineData(1.5, 2.0)]
    [InlineData(2.5, 2.0)]
    [InlineData(-2.5, -2.0)]
    [InlineData(-3.5, -4.0)]
    [InlineData(0.49999997, 0.0)]
    [InlineData(0.5000001, 1.0)]
    [InlineData(8388609.0, 8388609.0)] // 2^23 + 1: already an integer in f32
    [InlineData(4503599627370497.0, 4503599627370497.0)] // 2^52 + 1: already an integer in f64
    [InlineData(4503599627370495.5, 4503599627370496.0)] // 2^52 - 0.5 rounds to even
    [InlineData(double.NegativeInfinity, double.NegativeInfinity)]
    public void Nearest_rounds_half_to_even_and_keeps_the_sign_of_zero(double input, double expected)
    {
        Assert.Equal(Bits(expected), NumericOps.F64Nearest(Bits(input)));
        var input32 = (float)input;
        if ((double)input32 == input) Assert.Equal(Bits((float)expected), NumericOps.F32Nearest(Bits(input32)));
    }

    [Fact]
    public void Ceil_floor_and_trunc_keep_the_sign_of_a_zero_result()
    {
        Assert.Equal(Bits(-0.0f), NumericOps.F32Ceil(Bits(-0.5f)));
        Assert.Equal(Bits(-0.0f), NumericOps.F32Trunc(Bits(-0.9f)));
        Assert.Equal(Bits(-0.0f), NumericOps.F32Floor(Bits(-0.0f)));
        Assert.Equal(Bits(-1.0f), NumericOps.F32Floor(Bits(-float.Epsilon)));
        Assert.Equal(Bits(1.0f), NumericOps.F32Ceil(Bits(float.Epsilon)));
        Assert.Equal(Bits(-0.0), NumericOps.F64Ceil(Bits(-0.5)));
        Assert.Equal(Bits(-0.0), NumericOps.F64Trunc(Bits(-0.9)));
        Assert.Equal(Bits(0.0), NumericOps.F64Floor(Bits(0.9)));
        Assert.Equal(Bits(-1.0), NumericOps.F64Floor(Bits(-double.Epsilon)));
    }

    [Fact]
    public void Subnormals_are_not_flushed_to_zero()
    {
        Assert.Equal(2u, NumericOps.F32Add(1u, 1u));
        Assert.Equal(1u, NumericOps.F32Div(2u, Bits(2.0f)));
        Assert.Equal(2ul, NumericOps.F64Add(1ul, 1ul));
        Assert.Equal(1ul, NumericOps.F64Mul(2ul, Bits(0.5)));
        Assert.Equal(1u, NumericOps.F32DemoteF64(Bits((double)float.Epsilon)));
        Assert.True(NumericOps.F32Lt(0u, 1u));
        Assert.False(NumericOps.F64Eq(0ul, 1ul));
    }

    [Fact]
    public void Comparisons_with_a_NaN_are_false_except_ne()
    {
        uint nan32 = 0x7F80_0001u, one32 = Bits(1.0f);
        Assert.False(NumericOps.F32Eq(nan32, nan32));
        Assert.True(NumericOps.F32Ne(nan32, nan32));
        Assert.False(NumericOps.F32Lt(nan32, one32) || NumericOps.F32Gt(nan32, one32));
        Assert.False(NumericOps.F32Le(one32, nan32) || NumericOps.F32Ge(one32, nan32));
        ulong nan64 = 0xFFF0_0000_0000_0001ul, one64 = Bits(1.0);
        Assert.False(NumericOps.F64Eq(nan64, nan64));
        Assert.True(NumericOps.F64Ne(one64, nan64));
        Assert.False(NumericOps.F64Lt(nan64, one64) || NumericOps.F64Gt(nan64, one64));
        Assert.False(NumericOps.F64Le(one64, nan64) || NumericOps.F64Ge(one64, nan64));
        Assert.True(NumericOps.F64Eq(0ul, 0x8000_0000_0000_0000ul));
        Assert.True(NumericOps.F32Le(0x8000_0000u, 0u) && NumericOps.F32Ge(0x8000_0000u, 0u));
    }

    // ================================================================ float -> int range edges

    public static TheoryData<string, ulong, TrapKind, ulong> TruncEdges => new()
    {
        // i32.trunc_f32_s: -2^31 is accepted, 2^31 and the next f32 below -2^31 (-2^31 - 256) are not.
        { "i32.trunc_f32_s", Bits(-2147483648.0f), TrapKind.None, 0x8000_0000 },
        { "i32.trunc_f32_s", Bits(2147483520.0f), TrapKind.None, 2147483520 },
        { "i32.trunc_f32_s", Bits(2147483648.0f), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f32_s", Bits(-2147483904.0f), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f32_s", Bits(-0.9f), TrapKind.None, 0 },
        { "i32.trunc_f32_s", Bits(float.PositiveInfinity), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f32_s", 0x7F80_0001, TrapKind.InvalidConversionToInteger, 0 },
        { "i32.trunc_f32_s", 0xFFC0_0000, TrapKind.InvalidConversionToInteger, 0 },
        { "i32.trunc_f32_u", Bits(-0.9f), TrapKind.None, 0 },
        { "i32.trunc_f32_u", Bits(-1.0f), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f32_u", Bits(4294967040.0f), TrapKind.None, 4294967040 },
        { "i32.trunc_f32_u", Bits(4294967296.0f), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f64_s", Bits(-2147483648.9), TrapKind.None, 0x8000_0000 },
        { "i32.trunc_f64_s", Bits(-2147483649.0), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f64_s", Bits(2147483647.9), TrapKind.None, 2147483647 },
        { "i32.trunc_f64_s", Bits(2147483648.0), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f64_u", Bits(-0.9), TrapKind.None, 0 },
        { "i32.trunc_f64_u", Bits(-1.0), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f64_u", Bits(4294967295.9), TrapKind.None, 4294967295 },
        { "i32.trunc_f64_u", Bits(4294967296.0), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f64_u", Bits(double.NegativeInfinity), TrapKind.IntegerOverflow, 0 },
        { "i32.trunc_f64_u", 0xFFF0_0000_0000_0001, TrapKind.InvalidConversionToInteger, 0 },
        { "i64.trunc_f32_s", Bits(-9223372036854775808.0f), TrapKind.None, 0x8000_0000_0000_0000 },
        { "i64.trunc_f32_s", Bits(9223372036854775808.0f), TrapKind.IntegerOverflow, 0 },
        { "i64.trunc_f32_s", Bits(9223371487098961920.0f), TrapKind.None, 9223371487098961920 },
        { "i64.trunc_f32_u", Bits(18446742974197923840.0f), TrapKind.None, 18446742974197923840 },
        { "i64.trunc_f32_u", Bits(18446744073709551616.0f), TrapKind.IntegerOverflow, 0 },
        { "i64.trunc_f32_u", Bits(-0.9f), TrapKind.None, 0 },
        { "i64.trunc_f64_s", Bits(-9223372036854775808.0), TrapKind.None, 0x8000_0000_0000_0000 },
        { "i64.trunc_f64_s", Bits(-9223372036854777856.0), TrapKind.IntegerOverflow, 0 },
        { "i64.trunc_f64_s", Bits(9223372036854774784.0), TrapKind.None, 9223372036854774784 },
        { "i64.trunc_f64_s", Bits(9223372036854775808.0), TrapKind.IntegerOverflow, 0 },
        { "i64.trunc_f64_u", Bits(18446744073709549568.0), TrapKind.None, 18446744073709549568 },
        { "i64.trunc_f64_u", Bits(18446744073709551616.0), TrapKind.IntegerOverflow, 0 },
        { "i64.trunc_f64_u", Bits(9223372036854775808.0), TrapKind.None, 9223372036854775808 },
        { "i64.trunc_f64_u", Bits(9223372036854774784.0), TrapKind.None, 9223372036854774784 },
        { "i64.trunc_f64_u", Bits(-0.9), TrapKind.None, 0 },
        { "i64.trunc_f64_u", Bits(-1.0), TrapKind.IntegerOverflow, 0 },
        { "i64.trunc_f64_u", 0x7FF8_0000_0000_0000, TrapKind.InvalidConversionToInteger, 0 },
    };

    [Theory]
    [MemberData(nameof(TruncEdges))]
    public void Trapping_truncation_accepts_exactly_the_representable_range(
        string name, ulong input, TrapKind expectedTrap, ulong expected)
    {
        var outcome = Ops[name]([input]);
        Assert.Equal(expectedTrap, outcome.Trap);
        if (expectedTrap == TrapKind.None) Assert.Equal(expected, outcome.Bits);
    }

    [Fact]
    public void Saturating_truncation_clamps_and_maps_NaN_to_zero()
    {
        Assert.Equal(int.MaxValue, NumericOps.I32TruncSatF32S(Bits(float.PositiveInfinity)));
        Assert.Equal(int.MinValue, NumericOps.I32TruncSatF64S(Bits(-2147483649.0)));
        Assert.Equal(0, NumericOps.I32TruncSatF32S(0xFF80_0001u));
        Assert.Equal(0u, NumericOps.I32TruncSatF64U(Bits(-1e300)));
        Assert.Equal(uint.MaxValue, NumericOps.I32TruncSatF64U(Bits(4294967296.0)));
        Assert.Equal(4294967295u, NumericOps.I32TruncSatF64U(Bits(4294967295.9)));
        Assert.Equal(0u, NumericOps.I32TruncSatF32U(0x7FC0_0000u));
        Assert.Equal(long.MaxValue, NumericOps.I64TruncSatF64S(Bits(9223372036854775808.0)));
        Assert.Equal(long.MinValue, NumericOps.I64TruncSatF32S(Bits(float.NegativeInfinity)));
        Assert.Equal(0L, NumericOps.I64TruncSatF64S(0x7FF0_0000_0000_0001ul));
        Assert.Equal(ulong.MaxValue, NumericOps.I64TruncSatF64U(Bits(18446744073709551616.0)));
        Assert.Equal(18446744073709549568ul, NumericOps.I64TruncSatF64U(Bits(18446744073709549568.0)));
        Assert.Equal(0ul, NumericOps.I64TruncSatF32U(Bits(-0.9f)));
        Assert.Equal(0ul, NumericOps.I64TruncSatF64U(0xFFF8_0000_0000_0000ul));
    }

    // ================================================================ int -> float rounding

    /// <summary>
    /// Reference int -> float rounding in integer arithmetic only: the value's top <paramref name="precision"/> bits,
    /// rounded to nearest with ties to even, assembled into IEEE bits. No float operation is involved.
    /// </summary>
    private static ulong ReferenceConvert(bool negative, ulong magnitude, int precision, int bias)
    {
        if (magnitude == 0) return 0;
        var exponent = 63 - BitOperations.LeadingZeroCount(magnitude);
        var shift = exponent - (precision - 1);
        ulong significand;
        if (shift <= 0)
        {
            significand = magnitude << -shift;
        }
        else
        {
            significand = magnitude >> shift;
            var remainder = magnitude & ((1ul << shift) - 1);
            var half = 1ul << (shift - 1);
            if (remainder > half || (remainder == half && (significand & 1) == 1)) significand++;
            if (significand == 1ul << precision)
            {
                significand >>= 1;
                exponent++;
            }
        }
        var fractionBits = precision - 1;
        var bits = ((ulong)(exponent + bias) << fractionBits) | (significand & ((1ul << fractionBits) - 1));
        return negative ? bits | (1ul << (fractionBits + (precision == 24 ? 8 : 11))) : bits;
    }

    private static ulong ReferenceF32(bool negative, ulong magnitude) => ReferenceConvert(negative, magnitude, 24, 127);
    private static ulong ReferenceF64(bool negative, ulong magnitude) =>
        ReferenceConvert(negative, magnitude, 53, 1023);

    private static void AssertConversionsMatchReference(ulong value)
    {
        var signed = (long)value;
        var negative = signed < 0;
        var magnitude = negative ? 0ul - value : value;
        Assert.Equal(ReferenceF32(false, value), NumericOps.F32ConvertI64U(value));
        Assert.Equal(ReferenceF64(false, value), NumericOps.F64ConvertI64U(value));
        Assert.Equal(ReferenceF32(negative, magnitude), NumericOps.F32ConvertI64S(signed));
        Assert.Equal(ReferenceF64(negative, magnitude), NumericOps.F64ConvertI64S(signed));
        var low = (uint)value;
        var lowSigned = (int)low;
        var lowMagnitude = lowSigned < 0 ? 0ul - (ulong)(long)lowSigned : low;
        Assert.Equal(ReferenceF32(false, low), NumericOps.F32ConvertI32U(low));
        Assert.Equal(ReferenceF64(false, low), NumericOps.F64ConvertI32U(low));
        Assert.Equal(ReferenceF32(lowSigned < 0, lowMagnitude), NumericOps.F32ConvertI32S(lowSigned));
        Assert.Equal(ReferenceF64(lowSigned < 0, lowMagnitude), NumericOps.F64ConvertI32S(lowSigned));
    }

    [Fact]
    public void Int_to_float_conversions_round_ties_and_near_ties_correctly_at_every_magnitude()
    {
        // For every leading-bit position and both precisions, the bits below the rounding point set to each case
        // that decides rounding (exact, just below half, half, just above half, all ones), with the last kept bit
        // both even and odd, and with a sticky bit far below the half bit.
        var cases = 0;
        for (var top = 0; top < 64; top++)
        {
            foreach (var precision in (int[])[24, 53])
            {
                var shift = top - (precision - 1);
                if (shift <= 0) continue;
                var lead = 1ul << top;
                var half = 1ul << (shift - 1);
                foreach (var kept in (ulong[])[0, 1, 2, 3, (1ul << (precision - 1)) - 1, (1ul << (precision - 1)) - 2])
                {
                    var keptBits = (kept & ((1ul << (precision - 1)) - 1)) << shift;
                    foreach (var tail in (ulong[])[0, 1, half - 1, half, half + 1, (half << 1) - 1, half | 1])
                    {
                        var value = lead | keptBits | (tail & ((half << 1) - 1));
                        AssertConversionsMatchReference(value);
                        AssertConversionsMatchReference(0ul - value);
                        cases += 2;
                    }
                }
            }
        }
        foreach (var value in (ulong[])[0, 1, 0x0020_0000_2000_0001, 0x7FFF_FF40_0000_0000, 0x8000_0000_0000_0000,
                     0x8000_0080_0000_0001, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FF80_0000_0000,
                     0x0000_0000_0100_0001, 0x0000_0000_0100_0003, 0x0010_0000_0000_0001, 0x0020_0000_0000_0003])
        {
            AssertConversionsMatchReference(value);
            cases++;
        }
        output.WriteLine($"{cases} structured int -> float cases");
    }

    [Fact]
    public void Int_to_float_hard_cases_round_once_to_nearest_even()
    {
        Assert.Equal(0x5A00_0001u, NumericOps.F32ConvertI64S(0x0020_0000_2000_0001));
        Assert.Equal(0xDA00_0001u, NumericOps.F32ConvertI64S(unchecked((long)0xFFDF_FFFF_DFFF_FFFF)));
        Assert.Equal(0x5F00_0000u, NumericOps.F32ConvertI64U(0x7FFF_FFFF_FFFF_FFFF));
        Assert.Equal(0x5F80_0000u, NumericOps.F32ConvertI64U(0xFFFF_FFFF_FFFF_FFFF));
        Assert.Equal(0x5F00_0001u, NumericOps.F32ConvertI64U(0x8000_0080_0000_0001));
        Assert.Equal(0x4B80_0002u, NumericOps.F32ConvertI32U(16777219)); // 2^24 + 3: tie, rounds up to even
        Assert.Equal(0x4B80_0000u, NumericOps.F32ConvertI32S(16777217)); // 2^24 + 1: tie, rounds down to even
        Assert.Equal(0x4340_0000_0000_0002ul, NumericOps.F64ConvertI64U(9007199254740993ul + 2)); // 2^53 + 3 -> + 4
        Assert.Equal(0x4340_0000_0000_0000ul, NumericOps.F64ConvertI64S(9007199254740993)); // 2^53 + 1
        Assert.Equal(0x43E0_0000_0000_0000ul, NumericOps.F64ConvertI64U(0x8000_0000_0000_03FF));
        Assert.Equal(0x43E0_0000_0000_0001ul, NumericOps.F64ConvertI64U(0x8000_0000_0000_0401));
        Assert.Equal(0xC3E0_0000_0000_0000ul, NumericOps.F64ConvertI64S(long.MinValue));
    }

    // ================================================================ properties (seeded)

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Int_to_float_conversions_match_the_integer_reference(WideInt value) =>
        AssertConversionsMatchReference(value.Bits);

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void F32_arithmetic_matches_double_arithmetic_rounded_once_to_f32(F32Bits left, F32Bits right)
    {
        // Double has more than 2 * 24 + 2 significand bits, so computing in double and rounding to f32 gives the
        // correctly rounded f32 result for +, -, *, / and sqrt: an oracle independent of f32 hardware arithmetic.
        double x = F32(left.Bits), y = F32(right.Bits);
        AssertF32(Bits((float)(x + y)), NumericOps.F32Add(left.Bits, right.Bits));
        AssertF32(Bits((float)(x - y)), NumericOps.F32Sub(left.Bits, right.Bits));
        AssertF32(Bits((float)(x * y)), NumericOps.F32Mul(left.Bits, right.Bits));
        AssertF32(Bits((float)(x / y)), NumericOps.F32Div(left.Bits, right.Bits));
        AssertF32(Bits((float)Math.Sqrt(x)), NumericOps.F32Sqrt(left.Bits));

        static void AssertF32(uint reference, uint actual) =>
            Assert.Equal(IsNaN(reference) ? F32Nan : reference, actual);
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void F64_add_and_mul_commute_and_sub_is_add_of_the_negation(F64Bits left, F64Bits right)
    {
        ulong a = left.Bits, b = right.Bits;
        Assert.Equal(NumericOps.F64Add(a, b), NumericOps.F64Add(b, a));
        Assert.Equal(NumericOps.F64Mul(a, b), NumericOps.F64Mul(b, a));
        Assert.Equal(NumericOps.F64Sub(a, b), NumericOps.F64Add(a, NumericOps.F64Neg(b)));
        var sum = NumericOps.F64Add(a, b);
        Assert.Equal(IsNaN(sum), sum == F64Nan);
        if (IsNaN(a) || IsNaN(b)) Assert.Equal(F64Nan, sum);
        if (!IsNaN(a)) Assert.Equal(a, NumericOps.F64Mul(a, Bits(1.0)));
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Min_and_max_commute_and_pick_an_operand(F64Bits left, F64Bits right)
    {
        ulong a = left.Bits, b = right.Bits;
        ulong min = NumericOps.F64Min(a, b), max = NumericOps.F64Max(a, b);
        Assert.Equal(min, NumericOps.F64Min(b, a));
        Assert.Equal(max, NumericOps.F64Max(b, a));
        if (IsNaN(a) || IsNaN(b))
        {
            Assert.Equal(F64Nan, min);
            Assert.Equal(F64Nan, max);
            return;
        }
        Assert.True(min == a || min == b);
        Assert.True(max == a || max == b);
        Assert.True(F64(min) <= F64(a) && F64(min) <= F64(b) && F64(max) >= F64(a) && F64(max) >= F64(b));
        Assert.True((min >> 63) >= (max >> 63)); // -0 is the min and +0 the max when both zeros appear

        uint fa = NumericOps.F32DemoteF64(a), fb = NumericOps.F32DemoteF64(b);
        Assert.Equal(NumericOps.F32Min(fa, fb), NumericOps.F32Min(fb, fa));
        Assert.Equal(NumericOps.F32Max(fa, fb), NumericOps.F32Max(fb, fa));
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Rounding_to_integers_brackets_the_input_and_keeps_its_sign(F64Bits input)
    {
        var a = input.Bits;
        ulong ceil = NumericOps.F64Ceil(a), floor = NumericOps.F64Floor(a), trunc = NumericOps.F64Trunc(a);
        var nearest = NumericOps.F64Nearest(a);
        if (IsNaN(a))
        {
            Assert.All((ulong[])[ceil, floor, trunc, nearest], r => Assert.Equal(F64Nan, r));
            return;
        }
        var x = F64(a);
        Assert.All((ulong[])[ceil, floor, trunc, nearest], r =>
        {
            Assert.Equal(a >> 63, r >> 63); // the sign survives, including on zero results
            Assert.True(double.IsInfinity(F64(r)) || F64(r) == Math.Truncate(F64(r)));
        });
        Assert.True(F64(floor) <= x && x <= F64(ceil));
        if (!double.IsInfinity(x)) Assert.True(F64(ceil) - F64(floor) <= 1);
        Assert.Equal(x < 0 ? ceil : floor, trunc);
        if (!double.IsInfinity(x))
        {
            var distance = Math.Abs(F64(nearest) - x);
            Assert.True(distance <= 0.5);
            if (distance == 0.5) Assert.Equal(0, Math.IEEERemainder(F64(nearest), 2));
        }

        var f = NumericOps.F32DemoteF64(a);
        // Rounding to an integer is exact, so doing it in f64 and demoting must agree with doing it in f32.
        var wide = NumericOps.F64PromoteF32(f);
        Assert.Equal(NumericOps.F32DemoteF64(NumericOps.F64Nearest(wide)), NumericOps.F32Nearest(f));
        Assert.Equal(NumericOps.F32DemoteF64(NumericOps.F64Ceil(wide)), NumericOps.F32Ceil(f));
        Assert.Equal(NumericOps.F32DemoteF64(NumericOps.F64Floor(wide)), NumericOps.F32Floor(f));
        Assert.Equal(NumericOps.F32DemoteF64(NumericOps.F64Trunc(wide)), NumericOps.F32Trunc(f));
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Truncation_matches_an_exact_big_integer_reference(F64Bits input)
    {
        var a = input.Bits;
        CheckTrunc(a, NumericOps.I32TruncF64S(a, out var i32s), i32s, NumericOps.I32TruncSatF64S(a),
            int.MinValue, int.MaxValue);
        CheckTrunc(a, NumericOps.I32TruncF64U(a, out var i32u), i32u, NumericOps.I32TruncSatF64U(a),
            uint.MinValue, uint.MaxValue);
        CheckTrunc(a, NumericOps.I64TruncF64S(a, out var i64s), i64s, NumericOps.I64TruncSatF64S(a),
            long.MinValue, long.MaxValue);
        CheckTrunc(a, NumericOps.I64TruncF64U(a, out var i64u), i64u, NumericOps.I64TruncSatF64U(a),
            ulong.MinValue, ulong.MaxValue);

        var f = NumericOps.F32DemoteF64(a);
        var g = NumericOps.F64PromoteF32(f);
        CheckTrunc(g, NumericOps.I32TruncF32S(f, out var fi32s), fi32s, NumericOps.I32TruncSatF32S(f),
            int.MinValue, int.MaxValue);
        CheckTrunc(g, NumericOps.I32TruncF32U(f, out var fi32u), fi32u, NumericOps.I32TruncSatF32U(f),
            uint.MinValue, uint.MaxValue);
        CheckTrunc(g, NumericOps.I64TruncF32S(f, out var fi64s), fi64s, NumericOps.I64TruncSatF32S(f),
            long.MinValue, long.MaxValue);
        CheckTrunc(g, NumericOps.I64TruncF32U(f, out var fi64u), fi64u, NumericOps.I64TruncSatF32U(f),
            ulong.MinValue, ulong.MaxValue);
    }

    private static void CheckTrunc(
        ulong input, TrapKind trap, BigInteger result, BigInteger saturated, BigInteger min, BigInteger max)
    {
        var x = F64(input);
        if (double.IsNaN(x))
        {
            Assert.Equal(TrapKind.InvalidConversionToInteger, trap);
            Assert.Equal(BigInteger.Zero, saturated);
            return;
        }
        if (double.IsInfinity(x))
        {
            Assert.Equal(TrapKind.IntegerOverflow, trap);
            Assert.Equal(x < 0 ? min : max, saturated);
            return;
        }
        var exact = new BigInteger(Math.Truncate(x));
        if (exact < min || exact > max)
        {
            Assert.Equal(TrapKind.IntegerOverflow, trap);
            Assert.Equal(exact < min ? min : max, saturated);
            return;
        }
        Assert.Equal(TrapKind.None, trap);
        Assert.Equal(exact, result);
        Assert.Equal(exact, saturated);
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Promote_is_exact_and_demote_rounds_once(F64Bits input)
    {
        var a = input.Bits;
        var demoted = NumericOps.F32DemoteF64(a);
        Assert.Equal(IsNaN(a) ? F32Nan : Bits((float)F64(a)), demoted);
        var promoted = NumericOps.F64PromoteF32(demoted);
        Assert.Equal(IsNaN(demoted) ? F64Nan : Bits((double)F32(demoted)), promoted);
        Assert.Equal(demoted, NumericOps.F32DemoteF64(promoted));
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Sign_operations_touch_only_the_sign_bit(F64Bits left, F64Bits right)
    {
        ulong a = left.Bits, b = right.Bits;
        Assert.Equal(a & 0x7FFF_FFFF_FFFF_FFFF, NumericOps.F64Abs(a));
        Assert.Equal(a, NumericOps.F64Neg(NumericOps.F64Neg(a)));
        Assert.Equal((a & 0x7FFF_FFFF_FFFF_FFFF) | (b & 0x8000_0000_0000_0000), NumericOps.F64Copysign(a, b));
        uint c = (uint)(a >> 32), d = (uint)b;
        Assert.Equal(c ^ 0x8000_0000, NumericOps.F32Neg(c));
        Assert.Equal(c & 0x7FFF_FFFF, NumericOps.F32Abs(c));
        Assert.Equal((c & 0x7FFF_FFFF) | (d & 0x8000_0000), NumericOps.F32Copysign(c, d));
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Comparisons_agree_with_each_other(F64Bits left, F64Bits right)
    {
        ulong a = left.Bits, b = right.Bits;
        var unordered = IsNaN(a) || IsNaN(b);
        Assert.Equal(!NumericOps.F64Eq(a, b), NumericOps.F64Ne(a, b));
        Assert.Equal(NumericOps.F64Lt(a, b), NumericOps.F64Gt(b, a));
        Assert.Equal(NumericOps.F64Le(a, b), NumericOps.F64Ge(b, a));
        Assert.Equal(!unordered && !NumericOps.F64Gt(a, b), NumericOps.F64Le(a, b));
        Assert.Equal(!unordered && (NumericOps.F64Lt(a, b) || NumericOps.F64Eq(a, b)), NumericOps.F64Le(a, b));
        uint c = NumericOps.F32DemoteF64(a), d = NumericOps.F32DemoteF64(b);
        Assert.Equal(!NumericOps.F32Eq(c, d), NumericOps.F32Ne(c, d));
        ulong wideC = NumericOps.F64PromoteF32(c), wideD = NumericOps.F64PromoteF32(d);
        Assert.Equal(NumericOps.F32Lt(c, d), NumericOps.F64Lt(wideC, wideD));
        Assert.Equal(NumericOps.F32Ge(c, d), NumericOps.F64Ge(wideC, wideD));
        Assert.Equal(NumericOps.F32Eq(c, d), NumericOps.F64Eq(wideC, wideD));
    }

    [Property(Replay = Seed, MaxTest = 20000, Arbitrary = [typeof(NumericArbitraries)])]
    public void Integer_bit_operations_match_naive_references(WideInt value, WideInt count)
    {
        var x = value.Bits;
        var n = (long)count.Bits;
        var shift64 = (int)(count.Bits & 63);
        var expectedRotl64 = shift64 == 0 ? x : (x << shift64) | (x >> (64 - shift64));
        Assert.Equal((long)expectedRotl64, NumericOps.I64Rotl((long)x, n));
        Assert.Equal((long)x, NumericOps.I64Rotr(NumericOps.I64Rotl((long)x, n), n));
        var y = (uint)x;
        var shift32 = (int)(count.Bits & 31);
        var expectedRotl32 = shift32 == 0 ? y : (y << shift32) | (y >> (32 - shift32));
        Assert.Equal((int)expectedRotl32, NumericOps.I32Rotl((int)y, (int)n));
        Assert.Equal((int)y, NumericOps.I32Rotr(NumericOps.I32Rotl((int)y, (int)n), (int)n));

        int clz = 0, ctz = 0, popcnt = 0;
        for (var bit = 63; bit >= 0 && ((x >> bit) & 1) == 0; bit--) clz++;
        for (var bit = 0; bit < 64 && ((x >> bit) & 1) == 0; bit++) ctz++;
        for (var bit = 0; bit < 64; bit++) popcnt += (int)((x >> bit) & 1);
        Assert.Equal(clz, NumericOps.I64Clz((long)x));
        Assert.Equal(ctz, NumericOps.I64Ctz((long)x));
        Assert.Equal(popcnt, NumericOps.I64Popcnt((long)x));
        Assert.Equal(y == 0 ? 32 : BitOperations.LeadingZeroCount(y), NumericOps.I32Clz((int)y));
        Assert.Equal(Math.Min(ctz, 32), NumericOps.I32Ctz((int)y));
        Assert.Equal(BitOperations.PopCount(y), NumericOps.I32Popcnt((int)y));
    }
}

/// <summary>An f32 as raw bits, generated with a bias towards special values, boundaries and NaN payloads.</summary>
public readonly record struct F32Bits(uint Bits)
{
    public override string ToString() => $"0x{Bits:X8} ({BitConverter.UInt32BitsToSingle(Bits)})";
}

/// <summary>An f64 as raw bits, generated with a bias towards special values, boundaries and NaN payloads.</summary>
public readonly record struct F64Bits(ulong Bits)
{
    public override string ToString() => $"0x{Bits:X16} ({BitConverter.UInt64BitsToDouble(Bits)})";
}

/// <summary>A 64-bit integer generated with a random leading-bit position and rounding-relevant low bits.</summary>
public readonly record struct WideInt(ulong Bits)
{
    public override string ToString() => $"0x{Bits:X16}";
}

public static class NumericArbitraries
{
    private static Gen<ulong> Random64 =>
        from a in Gen.Choose(0, 0xFFFF)
        from b in Gen.Choose(0, 0xFFFF)
        from c in Gen.Choose(0, 0xFFFF)
        from d in Gen.Choose(0, 0xFFFF)
        select ((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d;

    /// <summary>Sign, exponent and fraction drawn separately so that edges of each field come up often.</summary>
    private static Gen<ulong> FloatBits(int exponentBits, int fractionBits, int integerExponentsAround)
    {
        var maxExponent = (1 << exponentBits) - 1;
        var bias = maxExponent >> 1;
        var fractionMask = (1ul << fractionBits) - 1;
        var quietBit = 1ul << (fractionBits - 1);
        var exponent = Gen.Frequency(
            (2, Gen.Choose(0, maxExponent)),
            (3, Gen.Choose(bias - 2, bias + integerExponentsAround)), // values near integers and conversion ranges
            (1, Gen.Elements(0, 1, maxExponent - 1, maxExponent)));
        var fraction = Gen.Frequency(
            (3, Random64.Select(r => r & fractionMask)),
            (1, Gen.Elements(0ul, 1ul, fractionMask, fractionMask - 1, quietBit, quietBit + 1)),
            (1, from r in Random64 from low in Gen.Choose(0, fractionBits) select (r & fractionMask) >> low << low));
        return from sign in Gen.Choose(0, 1)
               from e in exponent
               from f in fraction
               select ((ulong)sign << (exponentBits + fractionBits)) | ((ulong)e << fractionBits) | f;
    }

    public static Arbitrary<F32Bits> F32() =>
        FloatBits(8, 23, 66).Select(bits => new F32Bits((uint)bits)).ToArbitrary();

    public static Arbitrary<F64Bits> F64() =>
        FloatBits(11, 52, 66).Select(bits => new F64Bits(bits)).ToArbitrary();

    public static Arbitrary<WideInt> Wide() =>
        Gen.Frequency(
                (2, Random64),
                (3, from r in Random64 from top in Gen.Choose(0, 63) select r >> (63 - top)),
                // A leading one, then a run of zeros or ones, then a few random low bits: ties and near-ties.
                (3, from top in Gen.Choose(24, 63)
                    from run in Gen.Choose(0, 1)
                    from keep in Gen.Choose(1, 53)
                    from r in Random64
                    from low in Gen.Choose(0, 12)
                    select BuildNearTie(top, run == 1, keep, r, low)),
                (1, Gen.Elements(0ul, 1ul, ulong.MaxValue, 1ul << 63, (1ul << 63) - 1, 1ul << 53, (1ul << 53) + 1)))
            .SelectMany(v => Gen.Elements(v, 0ul - v))
            .Select(v => new WideInt(v))
            .ToArbitrary();

    private static ulong BuildNearTie(int top, bool ones, int keep, ulong random, int low)
    {
        var value = 1ul << top;
        var keptEnd = Math.Max(0, top - keep);
        value |= (random << keptEnd) & ((1ul << top) - 1) & ~((1ul << keptEnd) - 1);
        if (keptEnd > 0)
        {
            var belowMask = (1ul << keptEnd) - 1;
            var run = ones ? belowMask : 0ul;
            var halfBit = 1ul << (keptEnd - 1);
            value |= (run ^ halfBit) & belowMask;
            value ^= random >> (64 - low) & belowMask & ((1ul << low) - 1);
        }
        return value;
    }
}
