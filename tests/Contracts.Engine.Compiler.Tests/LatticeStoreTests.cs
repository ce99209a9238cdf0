using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// f64 results stored raw (canonicalized after their loop or run) must not overlap in part
/// (Modules/lattice-stores.wat): a loop whose stores move by 4 bytes, a loop over two bases 4 bytes apart at run time,
/// and two constant-address stores 4 bytes apart in a straight run. The memory equals the interpreter's, plain and
/// metered, for NaN payloads of both signs and numbers. Without the 8-byte lattice (FunctionEmitter.DeferredStores.cs,
/// EightByteLattice and its check on entry) or the run's test before a store overlapping one in part
/// (FunctionEmitter.RunDeferredStores.cs), the memory differs (each checked).
/// </summary>
public sealed class LatticeStoreTests
{
    private static readonly long[] Payloads =
        [0x7FF4_0000_0000_0001L, unchecked((long)0xFFF8_0000_0000_0123UL), 0x7FF8_0000_0000_0000L, 0x3FF0_0000_0000_0000L];

    public static TheoryData<string, int[]> Cases() => new()
    {
        { "step_four", [0] },
        { "step_four", [1000] },
        { "two_bases", [1000, 1004] },
        { "two_bases", [1000, 996] },
        { "two_bases", [1000, 1008] },
        { "two_bases", [1000, 1064] },
        { "two_bases", [1000, 1000] },
        { "run_halves", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Memory_is_the_interpreters(string export, int[] pointers)
    {
        foreach (bool metered in new[] { false, true })
        foreach (long payload in Payloads)
        {
            Value[] arguments = [.. pointers.Select(Value.I32), Value.I64(payload)];
            string Run(EngineConfig config) => Describe("lattice-stores.wasm", config, metered, export, arguments, fuel: Plenty, hashMemory: true);
            Assert.Equal(Run(metered ? MeteredInterpreted : Interpreted), Run(metered ? MeteredCompiled : Compiled));
        }
    }

    [Fact]
    public void Bases_the_loop_cannot_tell_apart_are_compared_on_entry_and_one_base_moving_by_four_defers_nothing()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "lattice-stores.wasm")));
        CheckFreeCode LoopOf(string export)
        {
            var code = module.Functions[(int)module.Info.Exports.Single(e => e.Name == export).Index].Code;
            return Assert.Single(CheckFreeLoops.Find(code, FunctionEmitter.BranchTargets(code)).Values);
        }
        Assert.Null(FunctionEmitter.EightByteLattice(LoopOf("step_four")));
        Assert.Equal(2, FunctionEmitter.EightByteLattice(LoopOf("two_bases"))!.Length);
    }
}
