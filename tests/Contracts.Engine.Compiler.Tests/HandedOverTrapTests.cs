using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// In a function whose every call passes the fuel on (FunctionEmitter.HandOver.cs), a compiled call that fails its budget
/// test (past the depth limit) takes the interpreter's path, which hands the fuel and the carried stack-height counter
/// over to the store and the counter's Global first; the traps of its checks (the depth limit, the value stack's room)
/// read them from there, so that neither local lives across the room's helper call (fib's metered call then keeps the
/// fuel in the argument and return register and the counter in a callee-saved one).
/// The trap at the limit, reached at a frame's first call and at its second (after a first call returned), leaves the
/// interpreter's fuel and counter, gas-metered (Modules/handed-over.wat).
/// </summary>
public sealed class HandedOverTrapTests
{
    private const string Height = "__gas_stack_height";

    [Theory]
    [InlineData("first")]
    [InlineData("second")]
    public void The_depth_limits_trap_leaves_the_interpreters_fuel_and_counter(string export)
    {
        int exhausted = 0;
        for (int limit = 3; limit <= 16; limit++)
        {
            string Run(EngineConfig config) => Describe("handed-over.wasm", config with { MaxCallDepth = limit }, metered: true, export,
                [Value.I32(18)], Plenty, globals: [Height]);

            string interpreted = Run(MeteredInterpreted);
            Assert.Equal(interpreted, Run(MeteredCompiled));
            if (interpreted.StartsWith("trap: call stack exhausted", StringComparison.Ordinal)) exhausted++;
        }
        // fib(18) goes 18 frames deep: every limit here is reached.
        Assert.Equal(14, exhausted);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("second")]
    public void Out_of_fuel_at_every_budget_leaves_the_interpreters_counter(string export)
    {
        string Run(EngineConfig config, long fuel) =>
            Describe("handed-over.wasm", config, metered: true, export, [Value.I32(3)], fuel, globals: [Height]);

        long cost = Cost(Run(MeteredInterpreted, Plenty));
        // Every budget below the cost runs out (at the entry's, an arm's or the join's charge, some frames deep).
        Assert.Equal(cost, AtEveryBudget(Run, 0, cost).Count(RanOutOfFuel));
    }
}
