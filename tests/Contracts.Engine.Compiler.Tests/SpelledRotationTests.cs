using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Rotations a contract spells out as shifts joined by or, xor or add (Modules/spelled-rotations.wat) are no rotation
/// op to the emitter, but the .NET JIT recognizes the shape and makes its own rotate node of it, the node .NET 10 gets
/// wrong (dotnet/runtime#129288: a zero test after rol/ror by a constant reads a stale flag). Every zero test of such a
/// value — eqz, br_if, select, a division's check — must give the interpreter's answer (2,400 of these calls did not
/// before FunctionEmitter.SpelledRotations.cs: every i64 shape joined by or or xor).
/// </summary>
public sealed class SpelledRotationTests
{
    private static readonly ulong[] Values =
        [0, 1, 2, 0x80, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001, ulong.MaxValue, 0x0123_4567_89AB_CDEF];

    private static readonly long[] Counts = [0, 1, 8, 31, 32, 63];

    [Fact]
    public void A_zero_test_of_a_spelled_out_rotation_matches_the_interpreter()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("spelled-rotations.wasm");
        var failures = new List<string>();
        foreach (var export in compiled.Module.Info.Exports.Select(e => e.Name))
        {
            bool wide = export.StartsWith("i64", StringComparison.Ordinal);
            foreach (ulong value in Values)
            {
                foreach (long count in Counts)
                {
                    Value[] arguments = wide ? [Value.I64((long)value), Value.I64(count)] : [Value.I32((int)value), Value.I32((int)count)];
                    if (compiled.GetFunction(export)!.Type.Parameters.Length == 1) arguments = arguments[..1];
                    string expected = Call(interpreted, export, arguments), actual = Call(compiled, export, arguments);
                    if (expected != actual) failures.Add($"{export}(0x{value:X}, {count}): interpreter {expected}, compiled {actual}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)) + $"\n({failures.Count} differences)");
    }

    private static string Call(Instance instance, string export, Value[] arguments)
    {
        var function = instance.GetFunction(export)!;
        var results = new Value[1];
        var trap = function.Invoke(arguments, results);
        if (trap is not null) return $"trap {trap.Kind}";
        return results[0].Type == ValueType.I32 ? $"{results[0].AsI32()}" : $"{results[0].AsI64()}";
    }
}
