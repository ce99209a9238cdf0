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
            var path = Path.Combine(specTests, "core", script, script + ".json");
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
            var name = field.Contains('.') || args.Length == 0 ? field : args[0].GetProperty("type").GetString() + "." + field;
            if (!Ops.TryGetValue(name, out var op)) continue;

            var operands = args.Select(a => ulong.Parse(a.GetProperty("value").GetString()!)).ToArray();
            var outcome = op(operands);
            var where = $"{Path.GetFileName(path)}:{command.GetProperty("line").GetInt32()} {name}({string.Join(", ", operands)})";
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
                failures.Add($"{where}: expected {expectedValue} ({expectedBits:X}), got {outcome.Trap} {outcome.Bits:X}");
            }
        }
        return checkedCases;
    }
}
