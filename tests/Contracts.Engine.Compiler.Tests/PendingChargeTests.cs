using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Fuel charges checked together (FunctionEmitter.Fuel.cs) around ops that may trap: Modules/pending-charges.wat,
/// gas-instrumented, with every fuel budget from nothing to enough, unit by unit, on both tiers — out of fuel at the same
/// charge, or the load's, division's or conversion's own trap with the same fuel left, or the same result.
/// </summary>
public sealed class PendingChargeTests
{
    [Theory]
    [InlineData(0, 7, 1)]
    [InlineData(0, 7, 0)]
    [InlineData(200, 3, 1)]
    [InlineData(65534, 7, 1)]
    [InlineData(65534, 7, 0)]
    [InlineData(65530, 7, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(0, 0, 0)]
    public void Every_budget_traps_or_returns_as_the_interpreter_does(int address, int divisor, int condition)
    {
        Value[] arguments = [Value.I32(address), Value.I32(divisor), Value.I32(condition)];
        string Run(EngineConfig config, long fuel) => TierRun.Describe("pending-charges.wasm", config, metered: true, "guarded", arguments, fuel);

        const long plenty = TierRun.Plenty;
        string full = Run(TierRun.MeteredInterpreted, plenty);
        Assert.Equal(full, Run(TierRun.MeteredCompiled, plenty));
        long cost = TierRun.Cost(full);
        int outOfFuel = TierRun.AtEveryBudget(Run, 0, cost + 2).Count(TierRun.RanOutOfFuel);
        Assert.True(outOfFuel > 0);
    }

    [Theory]
    [InlineData(0, 3, 5)]
    [InlineData(0, 0, 5)]
    [InlineData(65533, 3, 5)]
    [InlineData(100, 3, 1)]
    public void Every_budget_of_a_loop_with_a_conditional_back_edge_ends_as_the_interpreters(int address, int divisor, int count)
    {
        Value[] arguments = [Value.I32(address), Value.I32(divisor), Value.I32(count)];
        string Run(EngineConfig config, long fuel) => TierRun.Describe("pending-charges.wasm", config, metered: true, "summed", arguments, fuel);

        const long plenty = TierRun.Plenty;
        string full = Run(TierRun.MeteredInterpreted, plenty);
        Assert.Equal(full, Run(TierRun.MeteredCompiled, plenty));
        long cost = TierRun.Cost(full);
        TierRun.AtEveryBudget(Run, 0, cost + 2);
    }
}
