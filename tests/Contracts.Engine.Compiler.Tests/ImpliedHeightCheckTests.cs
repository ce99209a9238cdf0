using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The carried counter's entry checks left to the budget's test (ImpliedHeightChecks): a direct call's budget is capped
/// by the counter's room below the least limit at the least frame cost per unit of counter, and the frame entries make
/// their function's own check. Started at every height from 0 to past both limits (Modules/implied-checks.wat: $a adds 9
/// against 190 with a small frame, $b adds 2 against 200 with a large one), the results, the traps (function, offset),
/// the calls of the limit's import and the counter after are the interpreter's.
/// </summary>
public sealed class ImpliedHeightCheckTests
{
    private static readonly Model.FunctionType Nothing = new([], []);

    [Theory]
    [InlineData("a", 3)]
    [InlineData("a", 60)]
    [InlineData("b", 60)]
    public void Every_starting_height_traps_where_the_interpreter_does(string export, int depth)
    {
        int exhausted = 0;
        for (int height = 0; height <= 215; height++)
        {
            string interpreted = Describe(TierRun.Interpreted, export, depth, height);
            Assert.Equal(interpreted, Describe(TierRun.Compiled, export, depth, height));
            if (interpreted.Contains("exhausted 1", StringComparison.Ordinal)) exhausted++;
        }
        // Deep calls reach a limit from every height; three frames from the heights near the limits only.
        Assert.True(depth > 3 ? exhausted == 216 : exhausted is > 0 and < 216, $"{exhausted} runs reached a limit");
    }

    [Fact]
    public void Both_checks_are_left_to_the_budget_at_a_s_cost_per_unit()
    {
        var module = Module.Compile(new Engine(TierRun.Compiled),
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "implied-checks.wasm")));
        var functions = module.Functions;
        var reasons = new string?[functions.Length];
        int carried = CarriedGlobal.Find(module, reasons);
        var costs = functions.Select(ModuleCode.FrameCost).ToArray();
        var implied = ImpliedHeightChecks.Find(module, carried, reasons, costs, new (long, int)[]?[functions.Length]);

        Assert.NotNull(implied);
        Assert.All(implied.ElidedAt, at => Assert.True(at >= 0));
        Assert.Equal(190, implied.LeastLimit);
        // $a's frame is the cheaper per unit of counter: its cost in units over its addition, 9.
        Assert.Equal(9, implied.Addition);
        Assert.Equal(DepthAndBudget.CostUnits(costs[0]), implied.CostUnits);
        Assert.True(costs[0] * 2 < costs[1] * 9);
    }

    /// <summary>One call on a fresh instance with the counter set to <paramref name="height"/> first: the result or the
    /// trap, how often the limit's import was called, and the counter after.</summary>
    private static string Describe(EngineConfig config, string export, int depth, int height)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "implied-checks.wasm"));
        var (engine, module) = TierRun.CompileModule(config, bytes);
        int exhausted = 0;
        var linker = new Linker().DefineFunction("env", "exhausted", Nothing, (_, _, _) =>
        {
            exhausted++;
            return null;
        });
        var store = new Store(engine);
        var instance = linker.Instantiate(store, module);
        instance.GetGlobal("height")!.Set(Value.I32(height));
        var results = new Value[1];
        var trap = instance.GetFunction(export)!.Invoke([Value.I32(depth)], results);
        string outcome = trap is not null
            ? $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})"
            : $"ok {results[0].AsI32()}";
        return $"{outcome}, exhausted {exhausted}, height {instance.GetGlobal("height")!.Get().AsI32()}";
    }
}
