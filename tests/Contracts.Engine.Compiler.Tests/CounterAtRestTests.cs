using Contracts.Engine.Runtime;
using Contracts.GasMetering;
using Contracts.GasMetering.Hosting;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// A direct method that passes the carried counter to no callee keeps it in its Global (CounterAtRest.cs): what the host
/// reads in the middle of its loop, the counter after a trap inside it or on its entry check, and after it returns to
/// a caller that carries the counter, are the interpreter's, plain and gas-metered (Modules/counter-at-rest.wat).
/// </summary>
public sealed class CounterAtRestTests
{
    private static readonly Model.FunctionType Observe = new([], [Model.ValueType.I32]);

    public static TheoryData<string, int[]> Calls => new()
    {
        { "leaf", [3] },
        { "leaf", [0] },      // a trap inside: the counter as the leaf raised it
        { "outer", [0, 2] },
        { "outer", [4, 3] },  // four frames that carry the counter above the leaf that keeps it in its Global
        { "outer", [5, 0] },  // the trap six frames deep
        { "outer", [7, 1] },  // the leaf's entry check traps: 8 frames of 5 > 40
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void The_host_and_the_trap_see_the_interpreters_counter(string export, int[] arguments)
    {
        foreach (bool metered in new[] { false, true })
        {
            string interpreted = Describe(metered ? TierRun.MeteredInterpreted : TierRun.Interpreted, metered, export, arguments);
            Assert.Equal(interpreted, Describe(metered ? TierRun.MeteredCompiled : TierRun.Compiled, metered, export, arguments));
        }
    }

    [Fact]
    public void Only_the_function_with_a_loop_may_keep_the_counter_at_rest()
    {
        var module = Module.Compile(new Engine(TierRun.Compiled),
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "counter-at-rest.wasm")));

        // $leaf loops over its host calls; $outer has none (and passes the counter to $leaf and itself).
        Assert.True(FunctionEmitter.HasBackEdge(module.Functions[0].Code));
        Assert.False(FunctionEmitter.HasBackEdge(module.Functions[1].Code));
    }

    [Fact]
    public void The_leaf_calls_the_host_with_the_counter_raised_by_every_frame_above_it()
    {
        // outer(4, 3): five outer frames (25), the leaf (30); the host sees 30 three times in the leaf, then each outer
        // frame's on the way back.
        string run = Describe(TierRun.Compiled, metered: false, "outer", [4, 3]);
        Assert.Contains("host saw [30 30 30 25 20 15 10 5]", run, StringComparison.Ordinal);
        Assert.EndsWith("height 0", run, StringComparison.Ordinal);
    }

    /// <summary>Each call on a fresh instance, twice (the second starts from the counter the first left): the results
    /// or the traps, what the host saw, the counter after, and with metering the fuel left.</summary>
    private static string Describe(EngineConfig config, bool metered, string export, int[] arguments)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "counter-at-rest.wasm"));
        if (metered) bytes = GasInstrumenter.Instrument(bytes).Bytes;
        var (engine, module) = TierRun.CompileModule(config, bytes);
        var seen = new List<int>();
        var linker = new Linker().DefineFunction("env", "observe", Observe, (caller, _, results) =>
        {
            int height = caller.Instance!.GetGlobal("height")!.Get().AsI32();
            seen.Add(height);
            results[0] = Value.I32(height);
            return null;
        });
        if (metered) linker.DefineGasImports(engine);
        var store = new Store(engine);
        var instance = linker.Instantiate(store, module);
        if (metered)
        {
            MeteredInstance.Wrap(instance).ResetStackHeight();
            store.Fuel = TierRun.Plenty;
        }
        var described = new List<string>();
        for (int call = 0; call < 2; call++)
        {
            var results = new Value[1];
            var trap = instance.GetFunction(export)!.Invoke([.. arguments.Select(Value.I32)], results);
            described.Add(trap is not null
                ? $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})"
                : $"ok {results[0].AsI32()}");
            described.Add($"fuel {(metered ? store.Fuel : 0)}, host saw [{string.Join(' ', seen)}], height {instance.GetGlobal("height")!.Get().AsI32()}");
            seen.Clear();
            if (call == 0) instance.GetGlobal("height")!.Set(Value.I32(0));
        }
        return string.Join("; ", described[..2]) + " || " + string.Join("; ", described[2..]);
    }
}
