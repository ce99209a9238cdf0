using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The direct convention's packed frame (<see cref="DepthAndBudget"/>: budget, depth and frame base in one argument):
/// its fields at their extremes, and a store whose depth limit does not fit the depth field, which runs interpreted
/// (Modules/deep-entry.wat: compiled code entered from an interpreted recursion deeper than the field holds, near the
/// limit, traps where the interpreter does).
/// </summary>
public sealed class DepthAndBudgetTests
{
    [Fact]
    public void Fields_hold_their_extremes_without_touching_each_other()
    {
        var stack = new ExecutionStack(int.MaxValue, DepthAndBudget.DepthMask);
        Assert.True(DepthAndBudget.Fits(stack));
        Assert.True(NativeStackBudget.PerThread <= DepthAndBudget.MaxBudgetUnits * DepthAndBudget.BudgetUnit);
        Assert.Equal(0, ModuleCode.MinFrameCost % DepthAndBudget.BudgetUnit);
        Assert.Equal(0, ModuleCode.HelperCost % DepthAndBudget.BudgetUnit);
        var context = ContextWithDepthLimit(DepthAndBudget.DepthMask);
        foreach (int frameBase in new[] { 0, 1, 1 << 24, int.MaxValue - 1000 })
        {
            foreach (int depth in new[] { 0, 1, DepthAndBudget.DepthMask - 1 })
            {
                long packed = DepthAndBudget.Pack(context, frameBase, depth, NativeStackBudget.PerThread);
                Assert.Equal(frameBase, DepthAndBudget.FrameBase(packed));
                Assert.Equal(depth, DepthAndBudget.Depth(packed));
                int budget = DepthAndBudget.Budget(packed);
                Assert.Equal(Math.Min(NativeStackBudget.PerThread,
                    ((DepthAndBudget.DepthMask - depth + 1) * ModuleCode.MinFrameCost - 1) / 16 * 16), budget);
                // A call at word 1000 to a frame of cost 192: one deeper, its base 1000 on, its budget 192 less.
                int cost = ModuleCode.MinFrameCost;
                Assert.Equal(budget >= cost, (ulong)packed >= DepthAndBudget.BudgetFloor(cost));
                if (budget < cost) continue;
                long callee = packed + DepthAndBudget.CalleeDelta(1000, cost);
                Assert.Equal(frameBase + 1000, DepthAndBudget.FrameBase(callee));
                Assert.Equal(depth + 1, DepthAndBudget.Depth(callee));
                Assert.Equal(budget - cost, DepthAndBudget.Budget(callee));
                Assert.False((ulong)callee >= DepthAndBudget.BudgetFloor(budget - cost + 16));
            }
        }
    }

    [Fact]
    public void A_depth_limit_past_the_field_runs_interpreted()
    {
        Assert.False(DepthAndBudget.Fits(new ExecutionStack(1 << 20, DepthAndBudget.DepthMask + 1)));
    }

    [Theory]
    // Entered at depth 140,000 (past the field) under a limit of 140,010: $down's recursion traps at the limit.
    [InlineData(140_010, 140_000, 30)]
    [InlineData(140_010, 140_000, 5)]
    // Entered at depth 131,000 under the largest limit the field holds: compiled code runs there.
    [InlineData(DepthAndBudget.DepthMask, 131_000, 30)]
    [InlineData(DepthAndBudget.DepthMask, 131_000, 70)]
    [InlineData(DepthAndBudget.DepthMask, 131_060, 30)]
    public void Compiled_code_entered_deep_in_the_interpreter_traps_at_the_depth_limit(int limit, int interpretedDepth, int compiledDepth)
    {
        string Run(EngineConfig config)
        {
            var (instance, _) = Instantiate(config with { MaxCallDepth = limit, MaxValueStackSlots = 4 << 20 });
            var results = new Value[1];
            var trap = instance.GetFunction("deep")!.Invoke([Value.I32(interpretedDepth), Value.I32(compiledDepth)], results);
            return trap is null ? $"ok {results[0].AsI32()}" : $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})";
        }
        string interpreted = Run(TierRun.Interpreted);
        Assert.Equal(interpreted, Run(TierRun.Compiled));
    }

    private static InstanceContext ContextWithDepthLimit(int maxCallDepth)
    {
        var (instance, module) = Instantiate(TierRun.Compiled with { MaxCallDepth = maxCallDepth });
        return InstanceContext.For(instance, (ModuleCode)module.TierCode!);
    }

    /// <summary>Modules/deep-entry.wasm with its host import, which calls the export <c>down</c> of the same instance.</summary>
    private static (Instance, Module) Instantiate(EngineConfig config)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "deep-entry.wasm"));
        var engine = new Engine(config);
        var module = Module.Compile(engine, bytes);
        if (config.Tier == ExecutionTier.Compiled) Assert.True(IlTier.Precompile(module));
        Instance? self = null;
        var linker = new Linker().DefineFunction("env", "reenter", new([Model.ValueType.I32], [Model.ValueType.I32]), (_, arguments, results) =>
        {
            var inner = new Value[1];
            var trap = self!.GetFunction("down")!.Invoke([arguments[0]], inner);
            results[0] = inner[0];
            return trap;
        });
        self = linker.Instantiate(new Store(engine), module);
        return (self, module);
    }
}
