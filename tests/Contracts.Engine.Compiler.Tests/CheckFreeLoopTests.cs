using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Loops whose accesses one check before the loop proves in bounds run a copy without bounds checks (CheckFreeLoops,
/// FunctionEmitter.Loops.cs). Modules/check-free-loops.wat calls them at the memory's edge — an access that fits
/// exactly, one that traps only on the last iteration, addresses that wrap around 2^32, a "≠" exit stepped over, a
/// counter that starts at zero — beside loops that must stay checked (a bound that moves inside the loop,
/// memory.grow inside the loop), and straight runs checked once per base (CheckFreeRuns) at their edge: results,
/// traps (kind, function, offset), fuel and memory equal the interpreter's.
/// </summary>
public sealed class CheckFreeLoopTests
{
    private const uint Edge = 65536;

    [Fact]
    public void Only_loops_whose_exit_test_and_addresses_are_affine_in_their_induction_variables_are_emitted_check_free()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());

        int[] Proven(int function)
        {
            var code = module.Functions[function].Code;
            var loops = CheckFreeLoops.Find(code, FunctionEmitter.BranchTargets(code));
            return [.. loops.Values.SelectMany(loop => loop.Accesses).Order()];
        }

        // bump: the load and the store of base + 4i; bump3: both byte accesses; down: p + 16 and p - 8.
        Assert.Equal(2, Proven(0).Length);
        Assert.Equal(2, Proven(1).Length);
        Assert.Equal(2, Proven(2).Length);
        // moving_bound's bound moves; grow_in_loop grows memory.
        Assert.Empty(Proven(3));
        Assert.Empty(Proven(4));
    }

    [Fact]
    public void Straight_runs_check_each_base_once_when_that_spares_enough_checks()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());

        int[] Proven(int function)
        {
            var code = module.Functions[function].Code;
            var targets = FunctionEmitter.BranchTargets(code);
            var runs = CheckFreeRuns.Find(code, targets, CheckFreeLoops.Find(code, targets));
            return [.. runs.Values.SelectMany(run => run.Accesses).Order()];
        }

        // fields: every access of p (seven), not the one through the pointer it loads; walk: the six of its second run.
        Assert.Equal(7, Proven(5).Length);
        Assert.Equal(6, Proven(6).Length);
        // A run of a check-free loop's body is that loop's; grow_in_loop's runs have two accesses each, too few.
        Assert.Empty(Proven(0));
        Assert.Empty(Proven(4));
    }

    [Theory]
    [InlineData("bump", 0u, 0u, 100u, "ok")]
    [InlineData("bump", Edge - 400, 0u, 100u, "ok")]                 // the last word of memory, exactly
    [InlineData("bump", Edge - 396, 0u, 100u, "trap")]               // only the last iteration is out of bounds
    [InlineData("bump", 0u, 0u, Edge / 4, "ok")]                     // the whole memory
    [InlineData("bump", 0u, 0u, Edge / 4 + 1, "trap")]
    [InlineData("bump", 0xFFFF_FFF0u, 4u, 104u, "ok")]               // base + 4i wraps around 2^32 to 0, 4, …
    [InlineData("bump", 0xFFFF_FFF0u, 0u, 8u, "trap")]               // … and before that is out of bounds
    [InlineData("bump", 0u, 0u, 0u, "trap")]                         // i = 1, 2, … never meets 0 before the end
    [InlineData("bump", 8u, 3u, 2u, "trap")]                         // starts past its bound
    [InlineData("bump3", 0u, 300u, 0u, "ok")]
    [InlineData("bump3", Edge - 300, 300u, 0u, "ok")]                // the last byte read is the last of memory
    [InlineData("bump3", Edge - 299, 300u, 0u, "trap")]
    [InlineData("bump3", 0u, 301u, 0u, "trap")]                      // 301 is stepped over: runs on to the end
    [InlineData("down", 8u, 10u, 0u, "ok")]
    [InlineData("down", 0u, 10u, 0u, "trap")]                        // p - 8 wraps below 0 on the first iteration
    [InlineData("down", Edge - 96, 10u, 0u, "ok")]                   // p + 16 reads the last 8 bytes, exactly
    [InlineData("down", Edge - 88, 10u, 0u, "trap")]                 // … and one word past them on the last iteration
    [InlineData("down", 8u, 0u, 0u, "trap")]                         // a counter from 0 runs 2^32 times: to the end
    [InlineData("moving_bound", 0u, 100u, 0u, "ok")]
    [InlineData("moving_bound", Edge - 4 * 297, 100u, 0u, "trap")]   // i reaches 297, past n's first value
    [InlineData("moving_bound", Edge - 4 * 298, 100u, 0u, "ok")]
    [InlineData("grow_in_loop", 3u, 0u, 0u, "ok")]                   // reads pages the loop grew
    [InlineData("grow_in_loop", 4u, 0u, 0u, "trap")]                 // past the maximum, on the last iteration
    [InlineData("fields", 8u, 0u, 0u, "ok")]
    [InlineData("fields", 0u, 0u, 0u, "trap")]                       // p - 8 wraps below 0, after three accesses
    [InlineData("fields", Edge - 48, 0u, 0u, "ok")]                  // the last store ends at the memory's end
    [InlineData("fields", Edge - 47, 0u, 0u, "trap")]                // … and only it is out of bounds
    [InlineData("fields", Edge - 8, 0u, 0u, "trap")]                 // the first store fits, the next load does not
    [InlineData("walk", 0u, 10u, 0u, "ok")]
    [InlineData("walk", Edge - 480, 10u, 0u, "ok")]
    [InlineData("walk", Edge - 479, 10u, 0u, "trap")]                // the last record's last store
    [InlineData("wide_address", 4u, 0u, 0u, "ok")]
    [InlineData("wide_address", Edge - 4, 0u, 0u, "ok")]
    [InlineData("wide_address", Edge - 3, 0u, 0u, "trap")]
    [InlineData("wide_address", 4u, 0x8000_0001u, 0u, "ok")]          // x's upper half is set: the addresses wrap to 4, 7
    public void Loop_accesses_at_the_memory_edge_behave_as_on_the_interpreter(string export, uint a, uint b, uint c, string outcome)
    {
        var arguments = Arguments(export, a, b, c);

        string interpreted = Describe(Interpreted, metered: false, export, arguments, fuel: 0);

        Assert.StartsWith(outcome, interpreted);
        Assert.Equal(interpreted, Describe(Compiled, metered: false, export, arguments, fuel: 0));
    }

    [Theory]
    [InlineData("bump", 0u, 0u, 100u)]
    [InlineData("bump", Edge - 396, 0u, 100u)]
    [InlineData("down", Edge - 88, 10u, 0u)]
    [InlineData("fields", Edge - 47, 0u, 0u)]
    [InlineData("walk", Edge - 479, 10u, 0u)]
    public void Fuel_runs_out_inside_check_free_loops_at_the_same_instruction_on_both_tiers(string export, uint a, uint b, uint c)
    {
        var arguments = Arguments(export, a, b, c);
        const long plenty = TierRun.Plenty;
        string full = Describe(MeteredInterpreted, metered: true, export, arguments, plenty);
        long cost = TierRun.Cost(full);
        long step = Math.Max(1, cost / 150);
        int ranOut = TierRun.AtEveryBudget((config, fuel) => Describe(config, metered: true, export, arguments, fuel), 0, cost + 10 * step, step)
            .Count(d => d.Contains("out of fuel", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(ranOut, 1, int.MaxValue);
    }

    private static Value[] Arguments(string export, uint a, uint b, uint c) => export switch
    {
        "bump" => [Value.I32((int)a), Value.I32((int)b), Value.I32((int)c)],
        "grow_in_loop" or "fields" => [Value.I32((int)a)],
        "wide_address" => [Value.I64((long)((ulong)b << 32 | a))],
        _ => [Value.I32((int)a), Value.I32((int)b)],
    };

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "check-free-loops.wasm"));

    private static string Describe(EngineConfig config, bool metered, string export, Value[] arguments, long fuel) =>
        TierRun.Describe("check-free-loops.wasm", config, metered, export, arguments, fuel, hashMemory: true);
}
