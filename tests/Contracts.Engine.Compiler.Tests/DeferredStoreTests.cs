using System.Security.Cryptography;
using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Check-free loops whose stored f64 results are canonicalized after the loop, not before each store
/// (FunctionEmitter.DeferredStores.cs). Modules/deferred-stores.wat fills memory with NaN payloads of both signs,
/// quiet and signalling, infinities, zeros and finite values (by i64.store, so the payloads stay), then runs loops that
/// store arithmetic results (plain, through a cell every iteration reloads as nbody's do, and one trapping between its
/// two stores), and loops that must keep canonicalizing per store (a copy of loaded bits, a stored NaN read back after
/// the loop, one read back as bits inside it): results, traps, fuel and memory bit for bit against the interpreter.
/// </summary>
public sealed class DeferredStoreTests
{
    private static readonly ulong[] Payloads =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x3FF8_0000_0000_0000, 0xC002_0000_0000_0000,
        0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000,
        0x7FF0_0000_0000_0001, 0xFFF0_0000_0000_0123, 0x7FF8_0000_0000_4321, 0xFFFF_FFFF_FFFF_FFFF,
    ];

    [Fact]
    public void Loops_of_arithmetic_stores_keep_them_raw_and_the_others_do_not()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());
        int Raw(string export) => FunctionEmitter.RawStorePositions(module.Functions[FunctionIndex(export)]).Length;

        Assert.Equal(1, Raw("axpy"));
        Assert.Equal(2, Raw("chain"));
        Assert.Equal(2, Raw("trap_at"));
        Assert.Equal(0, Raw("copy"));
        Assert.Equal(0, Raw("reread"));
        Assert.Equal(0, Raw("bits"));
    }

    [Theory]
    [InlineData("axpy")]
    [InlineData("chain")]
    [InlineData("copy")]
    [InlineData("reread")]
    [InlineData("bits")]
    public void Stored_nans_are_the_interpreters_bit_for_bit(string export)
    {
        var interpreted = new Runner(TierRun.Interpreted);
        var compiled = new Runner(TierRun.Compiled);
        foreach (int n in (int[])[1, 4])
        {
            foreach (ulong a in Payloads)
            {
                foreach (ulong b in Payloads)
                {
                    Value[] arguments = [Value.I32(n), Value.I64((long)a), Value.I64((long)b)];
                    Assert.Equal(interpreted.Describe(export, arguments), compiled.Describe(export, arguments));
                }
            }
        }
    }

    [Fact]
    public void A_trap_between_two_stores_leaves_the_first_canonical_and_the_second_location_as_it_was()
    {
        var interpreted = new Runner(TierRun.Interpreted);
        var compiled = new Runner(TierRun.Compiled);
        int traps = 0;
        foreach (int k in (int[])[0, 1, 2, 5])
        {
            foreach (ulong a in Payloads)
            {
                foreach (ulong b in Payloads)
                {
                    Value[] arguments = [Value.I32(4), Value.I32(k), Value.I64((long)a), Value.I64((long)b)];
                    string expected = interpreted.Describe("trap_at", arguments);
                    Assert.Equal(expected, compiled.Describe("trap_at", arguments));
                    if (expected.Contains(": trap:", StringComparison.Ordinal)) traps++;
                }
            }
        }
        Assert.Equal(3 * Payloads.Length * Payloads.Length, traps);
    }

    [Theory]
    [InlineData("chain", 0x7FF0_0000_0000_0001ul, 0xFFF8_0000_0000_4321ul)]
    [InlineData("trap_at", 0x7FF8_0000_0000_0042ul, 0x7FF0_0000_0000_0000ul)]
    public void Fuel_running_out_inside_the_loop_leaves_the_interpreters_memory(string export, ulong a, ulong b)
    {
        Value[] arguments = export == "trap_at"
            ? [Value.I32(6), Value.I32(9), Value.I64((long)a), Value.I64((long)b)]
            : [Value.I32(6), Value.I64((long)a), Value.I64((long)b)];
        string full = TierRun.Describe("deferred-stores.wasm", TierRun.MeteredInterpreted, metered: true, export, arguments,
            TierRun.Plenty, hashMemory: true);
        long cost = TierRun.Cost(full);
        long step = Math.Max(1, cost / 120);
        int ranOut = TierRun.AtEveryBudget((config, fuel) => TierRun.Describe("deferred-stores.wasm", config, metered: true, export,
            arguments, fuel, hashMemory: true), 0, cost, step).Count(d => d.Contains("out of fuel", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(ranOut, 1, int.MaxValue);
    }

    private static int FunctionIndex(string export) => export switch
    {
        "axpy" => 1,
        "chain" => 2,
        "trap_at" => 3,
        "copy" => 4,
        "reread" => 5,
        _ => 6,
    };

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "deferred-stores.wasm"));

    /// <summary>The module compiled once per tier; each call on a fresh instance, described with its memory's hash.</summary>
    private sealed class Runner
    {
        private readonly Engine _engine;
        private readonly Module _module;

        public Runner(EngineConfig config)
        {
            _engine = new Engine(config);
            _module = Module.Compile(_engine, Bytes());
            if (config.Tier == ExecutionTier.Compiled) Assert.True(IlTier.Precompile(_module));
        }

        public string Describe(string export, Value[] arguments)
        {
            var store = new Store(_engine);
            var instance = new Linker().Instantiate(store, _module);
            var function = instance.GetFunction(export)!;
            var results = new Value[function.Type.Results.Length];
            var trap = function.Invoke(arguments, results);
            string memory = Convert.ToHexString(SHA256.HashData(instance.GetMemory("memory")!.Span));
            string outcome = trap is null ? $"ok {results[0].AsI64():X16}" : $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})";
            return $"{export}({string.Join(", ", arguments.Select(v => v.Type == Model.ValueType.I32 ? v.AsI32().ToString("X") : v.AsI64().ToString("X16")))}): {outcome} memory {memory}";
        }
    }
}
