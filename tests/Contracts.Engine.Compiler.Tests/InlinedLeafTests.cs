using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Leaves emitted in their compiled callers (FunctionEmitter.InlinedLeaves.cs): Modules/inlined-leaves.wat, plain and
/// gas-instrumented, on both tiers — the same results, traps (kind, function, offset), fuel left at every budget, global
/// and stack height; the call depth limit reached at an inlined leaf's call; and spelled-out rotations whose halves meet
/// across an inlined call, zero-tested.
/// </summary>
public sealed class InlinedLeafTests
{
    private static readonly string[] Globals = ["seen", GasImports.StackHeightExport];

    [Fact]
    public void Straight_integer_leaves_are_inlined_and_the_others_are_not()
    {
        foreach (bool metered in new[] { false, true })
        {
            var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "inlined-leaves.wasm"));
            if (metered) bytes = GasInstrumenter.Instrument(bytes).Bytes;
            var functions = Module.Compile(new Engine(metered ? MeteredInterpreted : Interpreted), bytes).Functions;
            bool[] expected = [true, true, true, true, true, true, false, false, false, false, false, false, false, false];
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], FunctionEmitter.IsInlinableLeaf(functions[i]));
        }
    }

    [Theory]
    [InlineData("direct", 3, 16)]
    [InlineData("direct", 2, 65534)]  // $loads traps out of bounds on its first call
    [InlineData("indirect", 9, 0xff)]
    [InlineData("indirect", 9, -1)]   // $loads reads at the accumulator: out of bounds
    public void Calls_end_as_on_the_interpreter_plain_and_at_every_budget(string export, int count, int operand)
    {
        Value[] arguments = [Value.I32(count), Value.I32(operand)];
        Assert.Equal(Describe("inlined-leaves.wasm", Interpreted, metered: false, export, arguments, 0, globals: ["seen"]),
            Describe("inlined-leaves.wasm", Compiled, metered: false, export, arguments, 0, globals: ["seen"]));

        string Run(EngineConfig config, long fuel) =>
            Describe("inlined-leaves.wasm", config, metered: true, export, arguments, fuel, globals: Globals);
        string full = Run(MeteredInterpreted, Plenty);
        Assert.Equal(full, Run(MeteredCompiled, Plenty));
        var runs = AtEveryBudget(Run, 0, Cost(full) + 2);
        Assert.True(runs.Count(RanOutOfFuel) > 10);
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(5, 3)]
    [InlineData(5, 4)]
    [InlineData(5, 5)]
    [InlineData(12, 9)]
    [InlineData(12, 10)]
    [InlineData(12, 11)]
    [InlineData(12, 12)]
    [InlineData(200, 197)]
    [InlineData(200, 198)]
    [InlineData(200, 199)]
    [InlineData(200, 200)]
    public void The_depth_limit_traps_at_an_inlined_leafs_call_as_the_interpreter_does(int limit, int depth)
    {
        // "down" recurses depth frames, then calls the leaf: near the limit that call is the one over it.
        string Plain(EngineConfig config) =>
            Describe("inlined-leaves.wasm", config with { MaxCallDepth = limit }, metered: false, "down", [Value.I32(depth)], fuel: 0);
        string Metered(EngineConfig config) =>
            Describe("inlined-leaves.wasm", config with { MaxCallDepth = limit }, metered: true, "down", [Value.I32(depth)], fuel: 1_000_000);

        string interpreted = Plain(Interpreted);
        Assert.Equal(interpreted, Plain(Compiled));
        Assert.Equal(Metered(MeteredInterpreted), Metered(MeteredCompiled));
        if (depth <= limit - 3) Assert.StartsWith($"ok {depth + 15}", interpreted);
        if (depth >= limit - 1) Assert.StartsWith("trap: call stack exhausted", interpreted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_chain_of_small_frames_traps_at_the_leafs_call_under_a_small_limit(int limit)
    {
        // Small frames keep compiled code running to the limit: the leaf's call is the one the budget test (the depth
        // test of compiled calls, DepthAndBudget) hands to the interpreter to trap.
        string Plain(EngineConfig config) =>
            Describe("inlined-leaves.wasm", config with { MaxCallDepth = limit }, metered: false, "chain", [Value.I32(7)], fuel: 0);
        string Metered(EngineConfig config) =>
            Describe("inlined-leaves.wasm", config with { MaxCallDepth = limit }, metered: true, "chain", [Value.I32(7)], fuel: 1_000_000);

        string interpreted = Plain(Interpreted);
        Assert.Equal(interpreted, Plain(Compiled));
        Assert.Equal(Metered(MeteredInterpreted), Metered(MeteredCompiled));
        if (limit >= 5) Assert.StartsWith("ok 10", interpreted);
    }

    [Fact]
    public void A_rotation_spelled_across_an_inlined_call_is_zero_tested_as_the_interpreter_does()
    {
        var (interpreted, compiled) = BothTiers.Instantiate("inlined-leaves.wasm");
        var failures = new List<string>();
        foreach (string export in new[] { "rotation_returned", "rotation_passed", "rotation_passed_select" })
        {
            foreach (uint value in new uint[] { 0, 1, 2, 0x80, 0x8000_0000, 0xFFFF_FFFF, 0x0123_4567, 0x89AB_CDEF })
            {
                string expected = Call(interpreted, export, value), actual = Call(compiled, export, value);
                if (expected != actual) failures.Add($"{export}(0x{value:X}): interpreter {expected}, compiled {actual}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Call(Instance instance, string export, uint value)
    {
        var results = new Value[1];
        var trap = instance.GetFunction(export)!.Invoke([Value.I32((int)value)], results);
        return trap is null ? $"{results[0].AsI32()}" : $"trap {trap.Kind}";
    }
}
