using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Leaves whose charges their compiled callers make (FunctionEmitter.PrepaidLeaves.cs): Modules/prepaid-leaves.wat,
/// gas-instrumented, called directly and through call_indirect at every fuel budget from nothing to enough, unit by unit:
/// out of fuel in the same function at the same offset (a prepaid leaf's, though its caller checks), the same fuel
/// left, the same global written and stack height, or the same result, on both tiers. Its leaves that write a global
/// between two charges or may trap must charge for themselves.
/// </summary>
public sealed class PrepaidLeafTests
{
    private static readonly string[] Globals = ["seen", GasImports.StackHeightExport];

    [Fact]
    public void Quiet_straight_leaves_are_prepaid_and_the_others_are_not()
    {
        var bytes = GasInstrumenter.Instrument(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "prepaid-leaves.wasm"))).Bytes;
        var functions = Module.Compile(new Engine(MeteredInterpreted), bytes).Functions;

        Assert.Single(FunctionEmitter.PrepaidCharges(functions[0])!);       // $mix
        Assert.True(FunctionEmitter.PrepaidCharges(functions[1])!.Length >= 2); // $nested: the function's, the block's, after it
        Assert.Null(FunctionEmitter.PrepaidCharges(functions[2]));          // $writes: a global write between its charges
        Assert.Null(FunctionEmitter.PrepaidCharges(functions[3]));          // $loads: may trap
        Assert.NotNull(FunctionEmitter.PrepaidCharges(functions[4]));       // $nothing
        Assert.Null(FunctionEmitter.PrepaidCharges(functions[5]));          // direct: calls
    }

    [Theory]
    [InlineData("direct", 3, 16)]
    [InlineData("direct", 2, 65534)]   // $loads traps out of bounds on its first call
    [InlineData("indirect", 9, 0xff)]
    [InlineData("indirect", 9, -1)]    // $loads reads at the accumulator: out of bounds
    public void Every_budget_ends_as_on_the_interpreter(string export, int count, int operand)
    {
        Value[] arguments = [Value.I32(count), Value.I32(operand)];
        string Run(EngineConfig config, long fuel) =>
            Describe("prepaid-leaves.wasm", config, metered: true, export, arguments, fuel, globals: Globals);

        string full = Run(MeteredInterpreted, Plenty);
        Assert.Equal(full, Run(MeteredCompiled, Plenty));
        long cost = Cost(full);
        var runs = AtEveryBudget(Run, 0, cost + 2);
        // Out of fuel in each prepaid leaf, at each of $nested's two charges among them.
        Assert.True(runs.Count(RanOutOfFuel) > 10);
    }
}
