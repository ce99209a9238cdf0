using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Compiled callers keep memory's base and length across calls of callees that cannot move memory and reload them
/// after the others (MemoryMovers): Modules/growing-callees.wat grows memory directly, through two levels of calls,
/// through call_indirect and in a loop beside a pure callee, then writes past the old end — on both tiers alike.
/// </summary>
public sealed class MemoryMoverTests
{
    [Theory]
    [InlineData("direct", 49)]
    [InlineData("transitive", 49)]
    [InlineData("indirect", 49)]
    [InlineData("pure_then_grow_in_a_loop", 175)]
    public void Memory_grown_by_a_callee_is_seen_by_its_compiled_caller(string export, int expected)
    {
        var (interpreted, compiled) = BothTiers.Instantiate("growing-callees.wasm");

        Assert.Equal(expected, Run(interpreted, export));
        Assert.Equal(expected, Run(compiled, export));
    }

    [Fact]
    public void Only_functions_that_can_reach_a_grow_an_import_or_call_indirect_move_memory()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "growing-callees.wasm")));

        var movers = MemoryMovers.Find(module);

        // $grow, $grow_via, $grow_deep, $pure, $past_the_old_end, then the four exports (all of which grow).
        Assert.Equal([true, true, true, false, false, true, true, true, true], movers);
    }

    private static int Run(Instance instance, string export)
    {
        var results = new Value[1];
        Assert.Null(instance.GetFunction(export)!.Invoke([], results));
        return results[0].AsI32();
    }
}
