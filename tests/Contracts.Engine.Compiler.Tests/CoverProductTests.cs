using Contracts.Engine.Runtime;
using Contracts.GasMetering.Hosting;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The fuel cover of a check-free loop as a product, <c>(last + 1) · perIteration ≤ fuel</c>, instead of a quotient
/// (FunctionEmitter.FuelCover.cs): exact at every budget around a whole number of iterations, and not used where the
/// product could wrap (a charge above 2³¹ an iteration, 2³¹ iterations: the product is 2⁶⁴, which wraps to 0 and would
/// cover any fuel). Modules/cover-product.wat on both tiers: the same result or out-of-fuel trap, the same fuel left.
/// </summary>
public sealed class CoverProductTests
{
    [Fact]
    public void Both_loops_are_check_free_copies_that_cannot_trap_with_the_charges_they_were_written_with()
    {
        var module = Module.Compile(new Engine(TierRun.MeteredCompiled), Bytes());
        foreach (var (function, perIteration) in new[] { (0, 1L << 33), (1, 1L << 20) })
        {
            var code = module.Functions[function].Code;
            var loop = Assert.Single(CheckFreeLoops.Find(code, FunctionEmitter.BranchTargets(code)).Values);
            Assert.True(FunctionEmitter.CannotTrap(code, loop));
            Assert.Equal(perIteration, FunctionEmitter.ChargesPerPass(code, loop));
        }
        Assert.True(1L << 33 > FunctionEmitter.MaxCoverProductFactor);
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData((1L << 40) + (1L << 33) - 1)]
    [InlineData(5L << 33)]
    public void A_charge_times_a_trip_past_two_to_the_64_is_not_taken_for_a_cover(long fuel)
    {
        // 2^31 iterations of 2^33: the interpreter runs out of fuel after fuel / 2^33 of them.
        string run = AssertSameOnBothTiers("spin", [Value.I32(64), Value.I32(int.MinValue)], fuel);
        Assert.StartsWith("trap: out of fuel", run, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_budget_around_whole_iterations_ends_as_on_the_interpreter()
    {
        const long perIteration = 1L << 20;
        var runs = new List<string>();
        foreach (int n in new[] { 1, 2, 7, 100 })
        {
            foreach (long whole in new long[] { n - 1, n, n + 1 })
            {
                foreach (long delta in new long[] { -1, 0, 1 })
                    runs.Add(AssertSameOnBothTiers("spin_small", [Value.I32(64), Value.I32(n)], Math.Max(0, whole * perIteration + delta)));
            }
        }
        Assert.Contains(runs, r => r.StartsWith("ok", StringComparison.Ordinal));
        Assert.Contains(runs, TierRun.RanOutOfFuel);
    }

    private static string AssertSameOnBothTiers(string export, Value[] arguments, long fuel)
    {
        string interpreted = Describe(TierRun.MeteredInterpreted, export, arguments, fuel);
        Assert.Equal(interpreted, Describe(TierRun.MeteredCompiled, export, arguments, fuel));
        return interpreted;
    }

    private static string Describe(EngineConfig config, string export, Value[] arguments, long fuel)
    {
        var (engine, module) = TierRun.CompileModule(config, Bytes());
        var linker = new Linker();
        linker.DefineGasImports(engine);
        var store = new Store(engine) { Fuel = fuel };
        var instance = linker.Instantiate(store, module);
        var results = new Value[1];
        var trap = instance.GetFunction(export)!.Invoke(arguments, results);
        int stored = BitConverter.ToInt32(instance.GetMemory("memory")!.Span[64..68]);
        return trap is not null
            ? $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset}, fuel {store.Fuel}) stored {stored}"
            : $"ok {results[0].AsI32()} (fuel {store.Fuel}) stored {stored}";
    }

    private static byte[] Bytes() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "cover-product.wasm"));
}
