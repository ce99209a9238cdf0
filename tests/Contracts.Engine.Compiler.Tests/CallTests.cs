using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Calls on the compiled tier (Modules/calls.wat) against the interpreter: direct calls between compiled functions,
/// a multi-value callee, call_indirect's traps (null slot, slot past the end, another type) with their function, offset
/// and fuel; the call-depth limit reached by direct recursion; fuel running out inside direct callees at every point.
/// </summary>
public sealed class CallTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Call_indirect_calls_or_traps_as_the_interpreter_does(int slot)
    {
        string Run(EngineConfig config) => Describe(config, metered: false, "indirect", [Value.I32(slot), Value.I32(40), Value.I32(2)], fuel: 0);

        string interpreted = Run(Interpreted);
        Assert.Equal(interpreted, Run(Compiled));
        Assert.StartsWith(slot switch
        {
            0 => "ok 42",
            1 => "ok 38",
            2 => "trap: indirect call type mismatch",
            3 => "trap: uninitialized element",
            _ => "trap: undefined element",
        }, interpreted);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(198)]
    [InlineData(199)]
    [InlineData(200)]
    [InlineData(201)]
    public void Direct_recursion_stops_at_the_call_depth_limit_as_the_interpreter_does(int depth)
    {
        // A limit well inside the native budget: compiled frames reach it (the budget, capped by the depth left, hands
        // the last frame or two before it to the interpreter: DepthAndBudget).
        string Run(EngineConfig config) => Describe(config with { MaxCallDepth = 200 }, metered: false, "down", [Value.I32(depth)], fuel: 0);

        string interpreted = Run(Interpreted);
        Assert.Equal(interpreted, Run(Compiled));
        if (depth == 100) Assert.StartsWith("ok 100", interpreted);
        if (depth == 201) Assert.StartsWith("trap: call stack exhausted", interpreted);
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(5, 3)]
    [InlineData(5, 4)]
    [InlineData(5, 5)]
    [InlineData(12, 10)]
    [InlineData(12, 11)]
    [InlineData(12, 12)]
    [InlineData(200, 197)]
    [InlineData(200, 198)]
    [InlineData(200, 199)]
    [InlineData(200, 201)]
    public void Metered_recursion_under_a_small_depth_limit_ends_with_the_interpreters_result_and_fuel(int limit, int depth)
    {
        // The depth test of direct calls is the budget's (DepthAndBudget), capped from the depth left: at every limit the
        // same result or trap, at the same offset, with the same fuel left.
        string Run(EngineConfig config) =>
            Describe(config with { MaxCallDepth = limit }, metered: true, "down", [Value.I32(depth)], fuel: 1_000_000);

        string interpreted = Run(MeteredInterpreted);
        Assert.Equal(interpreted, Run(MeteredCompiled));
        if (depth <= limit - 3) Assert.StartsWith($"ok {depth}", interpreted);
        if (depth > limit) Assert.StartsWith("trap: call stack exhausted", interpreted);
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(60, true)]
    [InlineData(700, false)]
    [InlineData(700, true)]
    [InlineData(5000, false)]
    [InlineData(5000, true)]
    public void Recursion_that_fills_the_value_stack_grows_it_or_traps_where_the_interpreter_does(int maxCells, bool metered)
    {
        // A direct method checks its callees' frames against the value stack's limit on entry (FunctionEmitter.Room.cs);
        // near the limit the function runs in the interpreter, which traps at the call the interpreter traps at, with
        // the same fuel left.
        var interpretedConfig = (metered ? MeteredInterpreted : Interpreted) with { MaxValueStackSlots = maxCells };
        var compiledConfig = (metered ? MeteredCompiled : Compiled) with { MaxValueStackSlots = maxCells };
        int[] depths = [1, 5, 10, 15, 20, 30, 100, 150, 200, 240, 260, 300, 500, 1000, 1500, 2000];
        int finished = 0, exhausted = 0;
        foreach (int depth in depths)
        {
            string interpreted = Describe(interpretedConfig, metered, "down", [Value.I32(depth)], fuel: 1_000_000);
            Assert.Equal(interpreted, Describe(compiledConfig, metered, "down", [Value.I32(depth)], fuel: 1_000_000));
            if (interpreted.StartsWith($"ok {depth}", StringComparison.Ordinal)) finished++;
            if (interpreted.StartsWith("trap: call stack exhausted", StringComparison.Ordinal)) exhausted++;
        }
        // The small stacks run out part of the way; the large one only grows (2,000 frames fit in 5,000 cells).
        if (maxCells < 5000) Assert.True(finished > 0 && exhausted > 0, $"{finished} finished, {exhausted} exhausted the value stack");
        else Assert.Equal(depths.Length, finished);
    }

    [Fact]
    public void Direct_indirect_and_multi_value_calls_compute_what_the_interpreter_computes()
    {
        string interpreted = Describe(Interpreted, metered: false, "spin", [Value.I32(1000)], fuel: 0);
        Assert.Equal(interpreted, Describe(Compiled, metered: false, "spin", [Value.I32(1000)], fuel: 0));
        Assert.StartsWith("ok ", interpreted);
    }

    [Fact]
    public void Fuel_runs_out_inside_direct_callees_at_the_same_instruction_on_both_tiers()
    {
        // What the whole call costs, then budgets from nothing to a little more than that, in ~230 steps that land in
        // the caller, in direct callees and in indirect ones.
        const long plenty = TierRun.Plenty;
        string full = Describe(MeteredInterpreted, metered: true, "spin", [Value.I32(20)], plenty);
        long cost = TierRun.Cost(full);
        long step = Math.Max(1, cost / 200);
        var runs = TierRun.AtEveryBudget((config, fuel) => Describe(config, metered: true, "spin", [Value.I32(20)], fuel), 0, cost + 30 * step, step);
        int finished = runs.Count(d => d.StartsWith("ok", StringComparison.Ordinal)), total = runs.Count;
        // Both outcomes were exercised.
        Assert.InRange(finished, 1, total - 1);
    }

    [Fact]
    public void Every_fuel_budget_runs_out_at_the_interpreters_charge_with_charges_checked_together()
    {
        // Charges are checked together across quiet code and branches, and a join's first charge on the edges into it
        // (FunctionEmitter.Fuel.cs): with every budget from nothing to enough, unit by unit, the out-of-fuel trap is at
        // the same offset (the charge the interpreter makes), or the call returns with the same fuel left.
        const long plenty = TierRun.Plenty;
        string full = Describe(MeteredInterpreted, metered: true, "down", [Value.I32(6)], plenty);
        long cost = TierRun.Cost(full);
        var places = TierRun.AtEveryBudget((config, fuel) => Describe(config, metered: true, "down", [Value.I32(6)], fuel), 0, cost + 2)
            .Where(TierRun.RanOutOfFuel).Select(d => d[..d.IndexOf(", fuel", StringComparison.Ordinal)]).ToHashSet();
        // The entry's, both arms' and the join's charges each ran out somewhere.
        Assert.True(places.Count >= 4, string.Join("; ", places));
    }

    private static string Describe(EngineConfig config, bool metered, string export, Value[] arguments, long fuel) =>
        TierRun.Describe("calls.wasm", config, metered, export, arguments, fuel);
}
