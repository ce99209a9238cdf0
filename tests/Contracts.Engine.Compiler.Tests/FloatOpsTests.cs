using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The compiled tier emits float arithmetic, comparisons, demote and promote inline (with its own NaN
/// canonicalization) rather than calling the interpreter's NumericOps: every f32 and f64 op of Modules/floats.wat gives
/// bit for bit the interpreter's result on NaNs of every sign and payload (quiet and signalling), infinities, zeros,
/// subnormals, ties and extremes, pairwise, and on seeded random bit patterns.
/// </summary>
public sealed class FloatOpsTests
{
    private static readonly uint[] SpecialF32 =
    [
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0x3FC0_0000, 0x4020_0000, 0xC020_0000,
        0x0000_0001, 0x807F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x7F80_0000, 0xFF80_0000,
        0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0xFF80_0123, 0x7FC0_4321, 0x4B00_0001, 0x4049_0FDB,
    ];

    private static readonly ulong[] SpecialF64 =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000,
        0x3FE0_0000_0000_0000, 0x3FF8_0000_0000_0000, 0x4004_0000_0000_0000, 0xC004_0000_0000_0000,
        0x0000_0000_0000_0001, 0x800F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000, 0x7FEF_FFFF_FFFF_FFFF,
        0xFFEF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
        0xFFF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0xFFF0_0000_0000_0123, 0x7FF8_0000_0000_4321,
        0x4330_0000_0000_0001, 0x4009_21FB_5444_2D18, 0x47EF_FFFF_E000_0000, 0x36A0_0000_0000_0000,
    ];

    private static readonly string[] Binary = ["add", "sub", "mul", "div", "min", "max", "copysign", "eq", "ne", "lt", "gt", "le", "ge"];
    private static readonly string[] Unary = ["sqrt", "ceil", "floor", "trunc", "nearest", "abs", "neg"];

    [Fact]
    public void Every_f32_op_matches_the_interpreter_bit_for_bit()
    {
        var values = SpecialF32.Concat(Random(0xF32, 40).Select(bits => (uint)bits)).Select(bits => Value.I32((int)bits)).ToArray();
        AssertSameOnBothTiers("f32", values);
    }

    [Fact]
    public void Every_f64_op_matches_the_interpreter_bit_for_bit()
    {
        var values = SpecialF64.Concat(Random(0xF64, 40)).Select(bits => Value.I64((long)bits)).ToArray();
        AssertSameOnBothTiers("f64", values);
    }

    [Fact]
    public void Demote_and_promote_match_the_interpreter_bit_for_bit()
    {
        var (interpreted, compiled) = Instances();
        foreach (ulong bits in SpecialF64.Concat(Random(0xD0, 200)))
            AssertSame(interpreted, compiled, "f32.demote_f64", [Value.I64((long)bits)]);
        foreach (uint bits in SpecialF32.Concat(Random(0xE0, 200).Select(bits => (uint)bits)))
            AssertSame(interpreted, compiled, "f64.promote_f32", [Value.I32((int)bits)]);
    }

    [Fact]
    public void A_NaN_result_is_the_positive_canonical_NaN_on_the_compiled_tier()
    {
        var (_, compiled) = Instances();
        // 0/0 is the x64 "default NaN" with the sign bit set: canonicalization clears it.
        Assert.Equal(0x7FF8_0000_0000_0000L, Call(compiled, "f64.div", [Value.I64(0), Value.I64(0)]).AsI64());
        Assert.Equal(0x7FC0_0000, Call(compiled, "f32.sqrt", [Value.I32(unchecked((int)0xBF80_0000))]).AsI32());
        // A signalling NaN's payload is not propagated by arithmetic, and bit ops keep it.
        Assert.Equal(0x7FF8_0000_0000_0000L, Call(compiled, "f64.add", [Value.I64(0x7FF0_0000_0000_0001), Value.I64(0)]).AsI64());
        Assert.Equal(unchecked((long)0xFFF0_0000_0000_0001), Call(compiled, "f64.neg", [Value.I64(0x7FF0_0000_0000_0001)]).AsI64());
    }

    [Fact]
    public void Chains_of_float_ops_canonicalize_where_their_bits_are_read_as_the_interpreter_does()
    {
        // Modules/float-chains.wat: NaN results left uncanonicalized between inline float ops must still reach every
        // store, reinterpretation, bit op, select, global, call, return, branch and loop back edge as the canonical NaN.
        var (interpreted, compiled) = BothTiers.Instantiate("float-chains.wasm");
        var values = SpecialF64.Concat(SpecialF32.Where((_, i) => i % 3 == 0).Select(bits => (ulong)bits)).ToArray();
        foreach (string export in (string[])["store", "reinterpret", "bitops", "select", "global", "call", "return", "branch", "loop", "compare", "f32", "f32bits"])
        {
            foreach (ulong a in values)
            {
                foreach (ulong b in values)
                {
                    foreach (ulong c in values.Where((_, i) => i % 4 == (int)(a % 4)))
                        AssertSame(interpreted, compiled, export, [Value.I64((long)a), Value.I64((long)b), Value.I64((long)c)]);
                }
            }
        }
    }

    private static void AssertSameOnBothTiers(string width, Value[] values)
    {
        var (interpreted, compiled) = Instances();
        foreach (string op in Unary)
        {
            foreach (var a in values) AssertSame(interpreted, compiled, $"{width}.{op}", [a]);
        }
        foreach (string op in Binary)
        {
            foreach (var a in values)
            {
                foreach (var b in values) AssertSame(interpreted, compiled, $"{width}.{op}", [a, b]);
            }
        }
    }

    private static void AssertSame(Instance interpreted, Instance compiled, string export, Value[] arguments)
    {
        var expected = Call(interpreted, export, arguments);
        var actual = Call(compiled, export, arguments);
        Assert.True(Bits(expected) == Bits(actual),
            $"{export}({string.Join(", ", arguments.Select(a => $"0x{Bits(a):X}"))}): interpreter 0x{Bits(expected):X}, compiled 0x{Bits(actual):X}");
    }

    private static ulong Bits(Value value) => value.Type == ValueType.I32 ? (uint)value.AsI32() : (ulong)value.AsI64();

    private static Value Call(Instance instance, string export, Value[] arguments)
    {
        var results = new Value[1];
        var trap = instance.GetFunction(export)!.Invoke(arguments, results);
        Assert.Null(trap);
        return results[0];
    }

    private static (Instance Interpreted, Instance Compiled) Instances() => BothTiers.Instantiate("floats.wasm");

    private static IEnumerable<ulong> Random(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++) yield return (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
    }
}
