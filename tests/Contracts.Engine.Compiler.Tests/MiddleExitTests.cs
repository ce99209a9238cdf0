using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Loops that leave in the middle are emitted check-free (CheckFreeLoops: sha256's round, <c>loop { …; if (i != 252)
/// { …; br } }</c>). Modules/middle-exits.wat: the four exit shapes the translator produces, each with a load before the
/// exit that, in the iteration that leaves, is the furthest access of the loop; at every base near the end of memory
/// (that access alone out of bounds, others too, none) the result or the trap, plain and at every fuel budget, as on
/// the interpreter; and f64 results stored before an exit, NaN payloads among them, canonical when the loop leaves.
/// </summary>
public sealed class MiddleExitTests
{
    private const int MemoryBytes = 65536;

    [Fact]
    public void Loops_leaving_in_the_middle_on_a_moving_value_are_check_free_and_keep_their_stores_canonical()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes());
        var Function = (string export) => module.Functions[(int)module.Info.Exports.Single(e => e.Name == export).Index];
        foreach (string export in (string[])["eq_imm", "eq_param", "eqz", "eq_then_eqz", "floats"])
        {
            var code = Function(export).Code;
            var loop = Assert.Single(CheckFreeLoops.Find(code, FunctionEmitter.BranchTargets(code)).Values);
            Assert.NotNull(loop.Exit);
            Assert.NotNull(loop.Trip);
        }
        // Leaving on a loaded value: no trip to check the accesses for.
        var onLoad = Function("on_load").Code;
        Assert.Empty(CheckFreeLoops.Find(onLoad, FunctionEmitter.BranchTargets(onLoad)));
        // The exit branch would leave past the reading back of raw stores: they stay canonicalized where they stand.
        Assert.Empty(FunctionEmitter.RawStorePositions(Function("floats")));
    }

    public static TheoryData<string, int, int> Cases()
    {
        var cases = new TheoryData<string, int, int>();
        foreach (string export in (string[])["eq_imm", "eq_param", "eq_then_eqz"])
        {
            // The furthest access (the leaving iteration's, at base + 64 + 8) ends at base + 75.
            for (int base_ = MemoryBytes - 84; base_ <= MemoryBytes - 60; base_++) cases.Add(export, base_, 64);
            cases.Add(export, 0, 64);
            cases.Add(export, 0, 0);
        }
        cases.Add("eq_param", 0, 66);                 // never leaves: the loads run off the end of memory
        cases.Add("eq_param", MemoryBytes - 76, 4);   // leaves in its second iteration
        // Counting down from n: the leaving iteration's load, at base + 8, ends at base + 11.
        for (int base_ = MemoryBytes - 20; base_ <= MemoryBytes - 4; base_++) cases.Add("eqz", base_, 64);
        cases.Add("eqz", 100, 64);                    // the first iterations' loads are below address 0: out of bounds
        cases.Add("eqz", 1000, 0);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_base_near_the_end_of_memory_ends_as_on_the_interpreter(string export, int base_, int n)
    {
        Value[] arguments = [Value.I32(base_), Value.I32(n)];
        string Run(EngineConfig config, long fuel) => Describe("middle-exits.wasm", config, metered: false, export, arguments, fuel);
        Assert.Equal(Run(Interpreted, 0), Run(Compiled, 0));
    }

    [Theory]
    [InlineData("eq_imm", MemoryBytes - 76)]      // the leaving iteration's load is the last in bounds
    [InlineData("eq_imm", MemoryBytes - 75)]      // the leaving iteration's load is out of bounds
    [InlineData("eq_then_eqz", MemoryBytes - 76)]
    [InlineData("eqz", MemoryBytes - 12)]
    public void Every_budget_ends_as_on_the_interpreter(string export, int base_)
    {
        Value[] arguments = [Value.I32(base_), Value.I32(64)];
        string Run(EngineConfig config, long fuel) =>
            Describe("middle-exits.wasm", config, metered: true, export, arguments, fuel, hashMemory: true);

        string full = Run(MeteredInterpreted, Plenty);
        Assert.Equal(full, Run(MeteredCompiled, Plenty));
        Assert.Contains(AtEveryBudget(Run, 0, Cost(full) + 2), RanOutOfFuel);
    }

    // A signalling NaN (quiet but not canonical after the multiply), a quiet one with a payload, a negative one.
    private static readonly long[] Payloads = [0x7FF0_0000_0000_0001, 0x7FF8_0000_0000_4321, unchecked((long)0xFFF0_0000_0000_0123)];

    [Fact]
    public void Nans_stored_before_the_exit_are_canonical_as_the_interpreters()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("middle-exits.wasm");
        int compared = 0;
        foreach (int n in (int[])[0, 8, 64])
        {
            // A payload at each input the loop reads (at i and at 512 + i), the last one read in the leaving iteration.
            foreach (int at in (int[])[0, n, 512, 512 + n])
            {
                foreach (long payload in Payloads)
                {
                    Assert.Equal(DescribeFloats(interpreted, at, payload, n), DescribeFloats(compiled, at, payload, n));
                    compared++;
                }
            }
        }
        Assert.Equal(3 * 4 * Payloads.Length, compared);
    }

    private static string DescribeFloats(Instance instance, int at, long payload, int n)
    {
        Assert.Null(instance.GetFunction("fill")!.Invoke([Value.I32(at), Value.I64(payload)], []));
        var results = new Value[1];
        var trap = instance.GetFunction("floats")!.Invoke([Value.I32(0), Value.I32(n)], results);
        string memory = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(instance.GetMemory("memory")!.Span));
        return $"floats(n {n}, payload {payload:X} at {at}): {(trap is null ? results[0].ToString() : $"trap {trap.Message} at {trap.Offset}")} memory {memory}";
    }

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "middle-exits.wasm"));
}
