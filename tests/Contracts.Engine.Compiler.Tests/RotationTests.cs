using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Rotations on the compiled tier (Modules/rotations.wat). The .NET 10 x64 JIT gets its own rotate nodes wrong in two
/// ways the fuzzer found (findings seed-200023156, -200025680, -200030077 and the access-violation crash case): it takes
/// the zero flag after <c>rol</c>/<c>ror</c> by a constant as the result's, though they leave it untouched
/// (dotnet/runtime#129288), so a following eqz, br_if, select or division check read a stale flag; and it encodes a
/// rotate of a stack operand by a constant above 127 one immediate short, so the code after it ran from the wrong byte.
/// The emitter builds rotations from shifts and an add wherever a rotation's value may reach a comparison, as in every
/// function here (NativeRotationTests: where it cannot, the JIT's rotate); these tests hold every count (immediate, in a
/// local the JIT sees as a constant, in a register) and every consumer of a zero test to the interpreter's result.
/// </summary>
public sealed class RotationTests
{
    private static readonly long[] Counts = [0, 1, 7, 31, 32, 63, 64, 127, 128, 255, -1];
    private static readonly ulong[] Values =
        [0, 1, 2, 0x80, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001, ulong.MaxValue, 0x0123_4567_89AB_CDEF];

    [Fact]
    public void Every_function_of_the_rotation_module_is_compiled()
    {
        var (_, compiled) = Instances();
        Assert.Equal(compiled.Module.Info.Bodies.Length, IlTier.CompiledFunctionCount(compiled.Module));
    }

    [Theory]
    [InlineData("i32.rotl")]
    [InlineData("i32.rotr")]
    [InlineData("i64.rotl")]
    [InlineData("i64.rotr")]
    public void A_rotation_by_a_register_count_matches_the_interpreter_for_every_count(string op)
    {
        var (interpreted, compiled) = Instances();
        bool wide = op.StartsWith("i64", StringComparison.Ordinal);
        for (long count = -70; count <= 300; count++)
        {
            foreach (ulong value in Values)
            {
                Value[] arguments = wide ? [Value.I64((long)value), Value.I64(count)] : [Value.I32((int)value), Value.I32((int)count)];
                AssertSame(interpreted, compiled, op, arguments);
            }
        }
    }

    [Theory]
    [InlineData("i32.rotl")]
    [InlineData("i32.rotr")]
    [InlineData("i64.rotl")]
    [InlineData("i64.rotr")]
    public void A_rotation_by_a_constant_count_matches_the_interpreter(string op)
    {
        var (interpreted, compiled) = Instances();
        foreach (long count in Counts)
        {
            foreach (ulong value in Values)
            {
                AssertSame(interpreted, compiled, $"{op}.{count}", [Argument(op, value)]);
                AssertSame(interpreted, compiled, $"{op}.local.{count}", [Argument(op, value)]);
            }
        }
    }

    [Theory]
    [InlineData("i32.rotl")]
    [InlineData("i32.rotr")]
    [InlineData("i64.rotl")]
    [InlineData("i64.rotr")]
    public void A_zero_test_of_a_rotation_reads_the_rotation_not_a_stale_flag(string op)
    {
        // Each function runs a loop whose exit leaves the zero flag set, then tests a rotation of its argument for zero:
        // a rotation is zero exactly when its argument is.
        var (interpreted, compiled) = Instances();
        foreach (long count in Counts)
        {
            foreach (ulong value in Values)
            {
                var argument = Argument(op, value);
                bool zero = Bits(argument) == 0;
                Assert.Equal(zero ? 1 : 0, Call(compiled, $"{op}.{count}.eqz", [argument]).Value.AsI32());
                Assert.Equal(zero ? 0 : 1, Call(compiled, $"{op}.{count}.br_if", [argument]).Value.AsI32());
                Assert.Equal(zero ? 22 : 11, Call(compiled, $"{op}.{count}.select", [argument]).Value.AsI32());
                foreach (string shape in (string[])["eqz", "br_if", "select", "div"])
                    AssertSame(interpreted, compiled, $"{op}.{count}.{shape}", [argument]);
            }
        }
    }

    [Fact]
    public void A_division_by_a_rotation_of_zero_traps_as_on_the_interpreter()
    {
        var (_, compiled) = Instances();
        var (result, trap) = Call(compiled, "i64.rotl.255.div", [Value.I64(0)]);
        Assert.Equal(TrapKind.IntegerDivideByZero, trap?.Kind);
        // rotl by 255 is rotl by 63, a right rotation by one: 1000 becomes 500.
        (result, trap) = Call(compiled, "i64.rotl.255.div", [Value.I64(1000)]);
        Assert.Null(trap);
        Assert.Equal(2L, result.AsI64());
    }

    private static Value Argument(string op, ulong value) =>
        op.StartsWith("i64", StringComparison.Ordinal) ? Value.I64((long)value) : Value.I32((int)value);

    private static ulong Bits(Value value) => value.Type == ValueType.I32 ? (uint)value.AsI32() : (ulong)value.AsI64();

    private static void AssertSame(Instance interpreted, Instance compiled, string export, Value[] arguments)
    {
        var (expected, expectedTrap) = Call(interpreted, export, arguments);
        var (actual, actualTrap) = Call(compiled, export, arguments);
        string what = $"{export}({string.Join(", ", arguments.Select(a => $"0x{Bits(a):X}"))})";
        Assert.True(expectedTrap?.Kind == actualTrap?.Kind, $"{what}: interpreter trap {expectedTrap?.Kind}, compiled trap {actualTrap?.Kind}");
        if (expectedTrap is null)
            Assert.True(Bits(expected) == Bits(actual), $"{what}: interpreter 0x{Bits(expected):X}, compiled 0x{Bits(actual):X}");
    }

    private static (Value Value, Trap? Trap) Call(Instance instance, string export, Value[] arguments)
    {
        var results = new Value[1];
        var function = instance.GetFunction(export) ?? throw new ArgumentException($"no export {export}");
        var trap = function.Invoke(arguments, results);
        return (results[0], trap);
    }

    private static (Instance Interpreted, Instance Compiled) Instances() => BothTiers.Instantiate("rotations.wasm");
}
