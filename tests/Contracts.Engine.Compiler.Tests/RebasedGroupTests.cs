using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// A check-free loop's access check made from each group's least access (FunctionEmitter.RematerializedBases.cs,
/// <c>Rebased</c>; Modules/rebased-groups.wat, a loop counting from −96 up to 0 as keccakf's pi loop does): the groups'
/// bases carry their least constant, and results, traps and memory equal the interpreter's, plain and metered, with the
/// accesses in memory, ending at its last byte or one past it, and wrapping around 2^32.
/// </summary>
public sealed class RebasedGroupTests
{
    [Fact]
    public void A_loop_counting_up_to_zero_is_checked_from_its_least_access()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "rebased-groups.wasm")));
        var code = module.Functions[(int)module.Info.Exports.Single(e => e.Name == "count_up").Index].Code;
        var loop = Assert.Single(CheckFreeLoops.Find(code, FunctionEmitter.BranchTargets(code)).Values);
        var groups = loop.Groups.Select(FunctionEmitter.Rebased).ToArray();
        // Loads at p + i + 1120 and + 1124 (4 bytes), the store at p + i + 2000 (8 bytes): one base, p + i + 1120.
        var group = Assert.Single(groups);
        Assert.Equal(1120, group.Base.Constant);
        Assert.Equal((0L, 2000L + 8 - 1120), (group.MinStart, group.MaxEnd));
    }

    [Theory]
    [InlineData(0, "ok")]
    [InlineData(1000, "ok")]
    [InlineData(65_536 - 2000, "ok")]
    [InlineData(65_536 - 1999, "trap: out of bounds memory access")]
    [InlineData(65_536 - 1120, "trap: out of bounds memory access")]
    [InlineData(-1024, "ok")]
    [InlineData(-1120, "trap: out of bounds memory access")]
    [InlineData(-1030, "trap: out of bounds memory access")]
    [InlineData(-2000, "trap: out of bounds memory access")]
    public void Every_iteration_reads_and_writes_what_the_interpreter_does(int pointer, string expected)
    {
        foreach (bool metered in new[] { false, true })
        {
            string Run(EngineConfig config) => Describe("rebased-groups.wasm", config, metered, "count_up",
                [Value.I32(pointer)], fuel: Plenty, hashMemory: true);

            string interpreted = Run(metered ? MeteredInterpreted : Interpreted);
            Assert.StartsWith(expected, interpreted);
            Assert.Equal(interpreted, Run(metered ? MeteredCompiled : Compiled));
        }
    }
}
