using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Raw f64 stores deferred in a check-free loop whose check is made from its group's least access
/// (Modules/rebased-deferred-stores.wat: i counts from −96 up to 0, the base p + i wraps below 0 when p is small): the
/// read-back after a NaN was stored finds each location at its wrapped address. Read back at p + i as unsigned plus the
/// constant (the address before FunctionEmitter.DeferredStores.cs wraps it), the compiled tier reads and writes past
/// 4 GiB beyond the memory: the test host dies of an access violation (p = 0 and −1024; checked).
/// </summary>
public sealed class RebasedDeferredStoreTests
{
    public static TheoryData<int, long> Cases()
    {
        var cases = new TheoryData<int, long>();
        foreach (int pointer in new[] { 0, -1024, -1100, -1120, 1000, 65_536 - 3120 - 8, 65_536 - 3120 })
        foreach (long bits in new[] { 0x7FF4_0000_0000_0001L, unchecked((long)0xFFF8_0000_0000_0123UL), 0x3FF0_0000_0000_0000L })
            cases.Add(pointer, bits);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_stored_locations_are_canonicalized_where_the_interpreter_stored_them(int pointer, long bits)
    {
        foreach (bool metered in new[] { false, true })
        {
            string Run(EngineConfig config) => Describe("rebased-deferred-stores.wasm", config, metered, "store_up",
                [Value.I32(pointer), Value.I64(bits)], fuel: Plenty, hashMemory: true);
            Assert.Equal(Run(metered ? MeteredInterpreted : Interpreted), Run(metered ? MeteredCompiled : Compiled));
        }
    }

    [Fact]
    public void The_loop_is_check_free_with_its_check_made_from_its_least_access()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "rebased-deferred-stores.wasm")));
        var code = module.Functions[(int)module.Info.Exports.Single(e => e.Name == "store_up").Index].Code;
        var loop = Assert.Single(CheckFreeLoops.Find(code, FunctionEmitter.BranchTargets(code)).Values);
        var group = FunctionEmitter.Rebased(Assert.Single(loop.Groups));
        Assert.Equal(1120, group.Base.Constant);
    }
}
