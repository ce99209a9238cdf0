using System.Security.Cryptography;
using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// f64 results stored at constant addresses stay raw until the end of their straight run, where one NaN test of their
/// fold canonicalizes the stored locations and the cells still holding them when it is a NaN
/// (FunctionEmitter.RunDeferredStores.cs). Modules/run-deferred-stores.wat: values kept in locals across a loop and
/// stored every iteration (nbody's positions), a stored location read back as bits in the same run, a division that
/// traps after the stores, a stored cell written again, a stored cell's bits stored as an integer; a NaN payload of
/// each kind in each input in turn: results, traps and memory bit for bit against the interpreter.
/// </summary>
public sealed class RunDeferredStoreTests
{
    // A signalling NaN (quiet but not canonical after an add), a quiet one with a payload, a negative one.
    private static readonly long[] Payloads = [0x7FF0_0000_0000_0001, 0x7FF8_0000_0000_4321, unchecked((long)0xFFF0_0000_0000_0123)];

    [Theory]
    [InlineData("positions")]
    [InlineData("reload")]
    [InlineData("trap")]
    [InlineData("overwrite")]
    [InlineData("cell_bits")]
    public void Nans_stored_raw_are_canonical_wherever_memory_or_cells_are_seen(string export)
    {
        var (interpreted, compiled) = BothTiers.Instantiate("run-deferred-stores.wasm");
        int nans = 0;
        foreach (int at in (int[])[0, 8, 16, 24, 32, 40])
        {
            foreach (long payload in Payloads)
            {
                foreach (int n in (int[])[1, 3])
                {
                    foreach (int k in (int[])[0, 1])
                    {
                        Value[] arguments = [Value.I32(at), Value.I64(payload), Value.I32(n), Value.I32(k)];
                        string expected = Describe(interpreted, export, arguments);
                        Assert.Equal(expected, Describe(compiled, export, arguments));
                        if (expected.Contains("000000000000F87F", StringComparison.Ordinal)) nans++;
                    }
                }
            }
        }
        // Some runs stored the canonical NaN where the description shows the stored bytes (little-endian).
        Assert.True(nans > 0);
    }

    private static string Describe(Instance instance, string export, Value[] arguments)
    {
        var results = new Value[1];
        var trap = instance.GetFunction(export)!.Invoke(arguments, results);
        var memory = instance.GetMemory("memory")!.Span;
        string stored = Convert.ToHexString(memory[512..608]);
        string hash = Convert.ToHexString(SHA256.HashData(memory))[..16];
        return $"{export}({string.Join(", ", arguments)}): {(trap is null ? $"{results[0].AsI64():X16}" : $"trap {trap.Message} at {trap.Offset}")} stored {stored} memory {hash}";
    }
}
