using System.Security.Cryptography;
using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The NaN test of a check-free loop's raw f64 stores folds their values three at a time by fused multiply-adds
/// (FunctionEmitter.DeferredStores.cs). Modules/deferred-folds.wat: loops of five and six stores, and six-store loops
/// trapping after their second, fourth and fifth store (where the trapping iteration's values wait in the two held
/// locals, in the fold and one held local, or in the fold alone); one NaN payload in the input of each store in turn,
/// in the first, a middle and the last iteration: memory and traps bit for bit against the interpreter.
/// </summary>
public sealed class DeferredFoldTests
{
    private const int Iterations = 5;

    // A signalling NaN (quiet but not canonical after the multiply), a quiet one with a payload, a negative one.
    private static readonly long[] Payloads = [0x7FF0_0000_0000_0001, 0x7FF8_0000_0000_4321, unchecked((long)0xFFF0_0000_0000_0123)];

    [Fact]
    public void Loops_of_five_and_six_stores_keep_them_raw()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());
        int Raw(string export) => FunctionEmitter.RawStorePositions(
            module.Functions[(int)module.Info.Exports.Single(e => e.Name == export).Index]).Length;

        Assert.Equal(5, Raw("five"));
        Assert.Equal(6, Raw("six"));
        Assert.Equal(6, Raw("trap_after_1"));
        Assert.Equal(6, Raw("trap_after_3"));
        Assert.Equal(6, Raw("trap_after_4"));
    }

    [Theory]
    [InlineData("five", 5)]
    [InlineData("six", 6)]
    public void A_nan_stored_by_any_store_in_any_iteration_is_canonical_as_the_interpreters(string export, int stores)
    {
        var (interpreted, compiled) = BothTiers.Instantiate("deferred-folds.wasm");
        for (int store = 0; store < stores; store++)
        {
            foreach (int at in (int[])[0, 2, Iterations - 1])
            {
                foreach (long payload in Payloads)
                {
                    // No trap: k is never reached.
                    Value[] arguments = [Value.I32(Iterations), Value.I32(1000), Value.I32(store), Value.I32(at), Value.I64(payload)];
                    Assert.Equal(Describe(interpreted, export, arguments), Describe(compiled, export, arguments));
                }
            }
        }
    }

    [Theory]
    [InlineData("trap_after_1")]
    [InlineData("trap_after_3")]
    [InlineData("trap_after_4")]
    public void A_trap_inside_the_loop_leaves_the_nans_before_it_canonical(string export)
    {
        var (interpreted, compiled) = BothTiers.Instantiate("deferred-folds.wasm");
        int traps = 0;
        foreach (int k in (int[])[0, 2, Iterations - 1])
        {
            for (int store = 0; store < 6; store++)
            {
                foreach (int at in (int[])[0, k])
                {
                    foreach (long payload in Payloads)
                    {
                        Value[] arguments = [Value.I32(Iterations), Value.I32(k), Value.I32(store), Value.I32(at), Value.I64(payload)];
                        string expected = Describe(interpreted, export, arguments);
                        Assert.Equal(expected, Describe(compiled, export, arguments));
                        if (expected.StartsWith("trap", StringComparison.Ordinal)) traps++;
                    }
                }
            }
        }
        Assert.Equal(3 * 6 * 2 * Payloads.Length, traps);
    }

    private static string Describe(Instance instance, string export, Value[] arguments)
    {
        var trap = instance.GetFunction(export)!.Invoke(arguments, []);
        string memory = Convert.ToHexString(SHA256.HashData(instance.GetMemory("memory")!.Span));
        return $"{export}({string.Join(", ", arguments)}): {(trap is null ? "ok" : $"trap {trap.Message} at {trap.Offset}")} memory {memory}";
    }

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "deferred-folds.wasm"));
}
