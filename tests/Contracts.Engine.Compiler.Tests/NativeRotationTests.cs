using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Rotations emitted as the .NET JIT's own rotate (Modules/native-rotations.wat): only in functions where no rotation's
/// value can reach a comparison — it stays in integer arithmetic and reaches memory as a store's value — since the .NET
/// 10 JIT takes the zero flag after <c>rol</c>/<c>ror</c> as the result's (RotationTests holds the shapes that met it).
/// Which functions qualify is asserted, and what they store is the interpreter's for every count and edge value.
/// </summary>
public sealed class NativeRotationTests
{
    private static readonly ulong[] Values =
        [0, 1, 2, 0x80, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001, ulong.MaxValue, 0x0123_4567_89AB_CDEF];

    [Fact]
    public void Only_functions_whose_rotations_stay_in_arithmetic_get_native_rotates()
    {
        var (_, compiled) = BothTiers.Instantiate("native-rotations.wasm");
        string[] names = ["sigma", "theta", "i32.rotl", "i32.rotr", "i64.rotl", "i64.rotr", "identities", "loop", "compared", "returned", "load"];
        bool[] expected = [true, true, true, true, true, true, true, true, false, false, true];
        var functions = compiled.Module.Functions;
        Assert.Equal(names.Length, functions.Length);
        for (int i = 0; i < names.Length; i++)
            Assert.True(expected[i] == FunctionEmitter.RotationsStayInArithmetic(functions[i].Code), $"{names[i]}: expected {expected[i]}");
    }

    [Fact]
    public void A_zero_test_of_a_rotation_keeps_the_function_on_shifts()
    {
        // Every function of rotations.wat returns or tests its rotation.
        var (_, compiled) = BothTiers.Instantiate("rotations.wasm");
        Assert.All(compiled.Module.Functions, function => Assert.False(FunctionEmitter.RotationsStayInArithmetic(function.Code)));
    }

    [Theory]
    [InlineData("i32.rotl")]
    [InlineData("i32.rotr")]
    [InlineData("i64.rotl")]
    [InlineData("i64.rotr")]
    public void A_native_rotation_by_a_register_count_stores_the_interpreters_value_for_every_count(string op)
    {
        var (interpreted, compiled) = BothTiers.Instantiate("native-rotations.wasm");
        bool wide = op.StartsWith("i64", StringComparison.Ordinal);
        for (long count = -70; count <= 300; count++)
        {
            foreach (ulong value in Values)
            {
                Value[] arguments = wide
                    ? [Value.I64((long)value), Value.I64(count), Value.I32(8)]
                    : [Value.I32((int)value), Value.I32((int)count), Value.I32(8)];
                AssertSameStore(interpreted, compiled, op, arguments);
            }
        }
    }

    [Fact]
    public void Native_rotations_in_arithmetic_store_the_interpreters_values()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("native-rotations.wasm");
        foreach (ulong value in Values)
        {
            AssertSameStore(interpreted, compiled, "sigma", [Value.I32((int)value), Value.I32(16)]);
            AssertSameStore(interpreted, compiled, "theta", [Value.I64((long)value), Value.I32(16)]);
            AssertSameStore(interpreted, compiled, "identities", [Value.I64((long)value), Value.I32(16)]);
            AssertSameStore(interpreted, compiled, "compared", [Value.I32((int)value), Value.I32(16)]);
            foreach (int n in (int[])[0, 1, 2, 17, 63, 64])
                AssertSameStore(interpreted, compiled, "loop", [Value.I32((int)value), Value.I32(n), Value.I32(16)]);
            var arguments = new[] { Value.I32((int)value) };
            Assert.Equal(Invoke(interpreted, "returned", arguments, 1)[0].AsI32(), Invoke(compiled, "returned", arguments, 1)[0].AsI32());
        }
    }

    private static void AssertSameStore(Instance interpreted, Instance compiled, string export, Value[] arguments)
    {
        Invoke(interpreted, export, arguments, 0);
        Invoke(compiled, export, arguments, 0);
        var at = new[] { arguments[^1] };
        long expected = Invoke(interpreted, "load", at, 1)[0].AsI64(), actual = Invoke(compiled, "load", at, 1)[0].AsI64();
        Assert.True(expected == actual,
            $"{export}({string.Join(", ", arguments.Select(a => a.ToString()))}): interpreter stored 0x{expected:X}, compiled 0x{actual:X}");
    }

    private static Value[] Invoke(Instance instance, string export, Value[] arguments, int resultCount)
    {
        var results = new Value[resultCount];
        var trap = (instance.GetFunction(export) ?? throw new ArgumentException($"no export {export}")).Invoke(arguments, results);
        Assert.Null(trap);
        return results;
    }
}
