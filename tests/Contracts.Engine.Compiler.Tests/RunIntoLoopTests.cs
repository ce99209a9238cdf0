using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// A check-free straight run that ends where a check-free loop begins leaves its copy into the loop's check, not into
/// the checked loop (FunctionEmitter.Loops.cs; sha256's state loads before its round loop). Modules/run-into-loop.wat,
/// gas-instrumented, at every fuel budget, with the loop's or the run's accesses out of bounds or none: the same
/// result, trap, fuel left and memory on both tiers, whichever copies run.
/// </summary>
public sealed class RunIntoLoopTests
{
    private const int MemoryBytes = 65536;

    [Fact]
    public void The_run_ends_at_the_loops_header()
    {
        var bytes = GasInstrumenter.Instrument(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "run-into-loop.wasm"))).Bytes;
        var code = Module.Compile(new Engine(MeteredInterpreted), bytes).Functions[0].Code;
        var targets = FunctionEmitter.BranchTargets(code);
        var loops = CheckFreeLoops.Find(code, targets);
        var run = Assert.Single(CheckFreeRuns.Find(code, targets, loops).Values);
        Assert.True(loops.ContainsKey(run.End));
        // The charges pending on the if's branch go into both copies of the run.
        Assert.Contains(run.Start, FunctionEmitter.EdgeTargets(code, loops.Values.Append(run)).SingleEdge);
    }

    [Theory]
    [InlineData(0, 1, 6)]
    [InlineData(0, 1, 1)]
    [InlineData(0, 0, 6)]                              // the if returns before the run
    [InlineData(MemoryBytes - 64 - 48, 1, 6)]         // the loop's last word ends at the end of memory
    [InlineData(MemoryBytes - 64 - 47, 1, 6)]         // the loop's last word is out of bounds
    [InlineData(MemoryBytes - 56, 1, 6)]              // the run's last access is the last in bounds, the loop's are out
    [InlineData(MemoryBytes - 55, 1, 6)]              // the run's last access is out of bounds
    public void Every_budget_ends_as_on_the_interpreter(int p, int c, int n)
    {
        Value[] arguments = [Value.I32(p), Value.I32(c), Value.I32(n)];
        string Run(EngineConfig config, long fuel) =>
            Describe("run-into-loop.wasm", config, metered: true, "run_into_loop", arguments, fuel, hashMemory: true);

        string full = Run(MeteredInterpreted, Plenty);
        Assert.Equal(full, Run(MeteredCompiled, Plenty));
        Assert.Equal(Describe("run-into-loop.wasm", Interpreted, metered: false, "run_into_loop", arguments, 0, hashMemory: true),
            Describe("run-into-loop.wasm", Compiled, metered: false, "run_into_loop", arguments, 0, hashMemory: true));
        Assert.Contains(AtEveryBudget(Run, 0, Cost(full) + 2), RanOutOfFuel);
    }
}
