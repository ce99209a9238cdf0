using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Fuel covered on the way into check-free copies (FunctionEmitter.FuelCover.cs): the copy of a loop or straight run
/// whose charges the fuel covers subtracts them without a check, and a straight run reached by one branch alone starts
/// from the charges pending on it; a loop copy in which nothing can trap has its charges made on the way in.
/// Modules/fuel-cover.wat, gas-instrumented, at every fuel budget from nothing to
/// enough, unit by unit: out of fuel at the same charge, a division's trap inside the copy with the same fuel left,
/// or the same result and memory, on both tiers.
/// </summary>
public sealed class FuelCoverTests
{
    [Fact]
    public void The_loop_and_the_run_are_check_free_copies_with_charges_to_cover()
    {
        var bytes = GasInstrumenter.Instrument(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "fuel-cover.wasm"))).Bytes;
        var module = Module.Compile(new Engine(MeteredInterpreted), bytes);

        var loopCode = module.Functions[0].Code;
        var loops = CheckFreeLoops.Find(loopCode, FunctionEmitter.BranchTargets(loopCode));
        var loop = Assert.Single(loops.Values);
        Assert.True(FunctionEmitter.ChargesPerPass(loopCode, loop) > 0);

        // The division may trap: its charges stay in the copy; quiet_loop's cannot, so they are made before it.
        Assert.False(FunctionEmitter.CannotTrap(loopCode, loop));
        var quietCode = module.Functions[1].Code;
        var quiet = Assert.Single(CheckFreeLoops.Find(quietCode, FunctionEmitter.BranchTargets(quietCode)).Values);
        Assert.True(FunctionEmitter.CannotTrap(quietCode, quiet));

        var runCode = module.Functions[2].Code;
        var targets = FunctionEmitter.BranchTargets(runCode);
        var runs = CheckFreeRuns.Find(runCode, targets, CheckFreeLoops.Find(runCode, targets));
        var run = Assert.Single(runs.Values);
        Assert.True(FunctionEmitter.ChargesPerPass(runCode, run) > 0);
        // The run starts where the if's branch alone arrives: the charges pending on it go into both copies.
        Assert.Contains(run.Start, FunctionEmitter.EdgeTargets(runCode, runs.Values).SingleEdge);
    }

    [Theory]
    [InlineData("loop", 0, 6, 100)]        // six iterations
    [InlineData("loop", 0, 1, 100)]        // one
    [InlineData("loop", 0, 6, 3)]          // a division by zero in the fourth iteration
    [InlineData("loop", 65516, 6, 100)]    // the last iteration's access is out of bounds: the checked loop runs
    [InlineData("quiet_loop", 0, 6, 3)]
    [InlineData("quiet_loop", 0, 1, 3)]
    [InlineData("quiet_loop", 65516, 6, 3)]  // the last iteration's access is out of bounds: the checked loop runs
    [InlineData("run", 0, 1, 3)]
    [InlineData("run", 0, 0, 3)]           // the if's arm returns
    [InlineData("run", 0, 5, 0)]           // a division by zero inside the run
    [InlineData("run", 65480, 5, 3)]       // the last store is out of bounds: the checked run runs
    public void Every_budget_ends_as_on_the_interpreter(string export, int a, int b, int c)
    {
        Value[] arguments = [Value.I32(a), Value.I32(b), Value.I32(c)];
        string Run(EngineConfig config, long fuel) =>
            Describe("fuel-cover.wasm", config, metered: true, export, arguments, fuel, hashMemory: true);

        string full = Run(MeteredInterpreted, Plenty);
        Assert.Equal(full, Run(MeteredCompiled, Plenty));
        long cost = Cost(full);
        int outOfFuel = AtEveryBudget(Run, 0, cost + 2).Count(RanOutOfFuel);
        Assert.True(outOfFuel > 0);
    }
}
