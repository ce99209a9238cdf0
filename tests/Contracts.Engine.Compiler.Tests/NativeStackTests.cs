using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Deep recursion never overflows the .NET stack: on a 1 MiB thread (the smallest the node runs contracts on), compiled
/// code spends a per-thread native budget, across nested host calls and separate stores (the execution layer gives
/// every contract frame its own store), then the interpreter runs the deeper calls. Results and traps equal the
/// interpreter's. Modules/deep.wat.
/// </summary>
public sealed class NativeStackTests
{
    private static readonly EngineConfig Interpreted = EngineConfig.Default with { Tier = ExecutionTier.Interpreter };
    private static readonly EngineConfig Compiled = IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled);
    private static readonly FunctionType ReenterType = new([ValueType.I32, ValueType.I32], [ValueType.I32]);

    [Theory]
    [InlineData(9_000)]
    [InlineData(20_000)]
    public void Deep_recursion_with_wide_frames_matches_the_interpreter_on_a_1_MiB_thread(int depth)
    {
        string Run(EngineConfig config) => OnSmallThread(() =>
        {
            var engine = new Engine(config);
            var linker = new Linker().DefineFunction("host", "reenter", ReenterType, (_, _, _) => new Trap(TrapKind.Unreachable));
            var instance = linker.Instantiate(new Store(engine), Module.Compile(engine, DeepModule()));
            return Describe(instance.GetFunction("rec")!, [Value.I32(depth)]);
        });

        string interpreted = Run(Interpreted);
        Assert.Equal(interpreted, Run(Compiled));
        Assert.StartsWith(depth < EngineConfig.Default.MaxCallDepth ? "ok" : "trap: call stack exhausted", interpreted);
    }

    [Theory]
    [InlineData(100, 2_000)]
    [InlineData(100, 300)]
    public void Recursion_in_every_store_of_a_deep_chain_of_stores_matches_the_interpreter(int levels, int depth)
    {
        // Each level is a fresh store (as each contract frame of the execution layer), entered from the host function
        // of the level above it: a budget per store or per entry would let compiled frames stack up past 1 MiB.
        string Run(EngineConfig config) => OnSmallThread(() =>
        {
            var engine = new Engine(config);
            var module = Module.Compile(engine, DeepModule());
            Linker? linker = null;
            linker = new Linker().DefineFunction("host", "reenter", ReenterType, (_, arguments, results) =>
            {
                var nested = linker!.Instantiate(new Store(engine), module);
                var values = new Value[1];
                var trap = nested.GetFunction("nest")!.Invoke([arguments[0], Value.I32(depth)], values);
                results[0] = values[0];
                return trap;
            });
            var instance = linker.Instantiate(new Store(engine), module);
            return Describe(instance.GetFunction("nest")!, [Value.I32(levels), Value.I32(depth)]);
        });

        string interpreted = Run(Interpreted);
        Assert.Equal(interpreted, Run(Compiled));
        Assert.Equal($"ok {levels * (1_000_000 + depth) + depth}", interpreted);
    }

    [Fact]
    public void Re_entering_the_same_store_stops_at_the_same_level_on_both_tiers()
    {
        string Run(EngineConfig config) => OnSmallThread(() =>
        {
            var engine = new Engine(config);
            var linker = new Linker().DefineFunction("host", "reenter", ReenterType, (caller, arguments, results) =>
            {
                var values = new Value[1];
                var trap = caller.Instance!.GetFunction("nest")!.Invoke([arguments[0], Value.I32(40)], values);
                results[0] = values[0];
                return trap;
            });
            var instance = linker.Instantiate(new Store(engine), Module.Compile(engine, DeepModule()));
            return Describe(instance.GetFunction("nest")!, [Value.I32(1_000), Value.I32(40)]);
        });

        string interpreted = Run(Interpreted);
        Assert.Equal(interpreted, Run(Compiled));
        Assert.StartsWith("trap: call stack exhausted", interpreted);
    }

    internal static byte[] DeepModule() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "deep.wasm"));

    private static string Describe(Function function, Value[] arguments)
    {
        var results = new Value[function.Type.Results.Length];
        var trap = function.Invoke(arguments, results);
        if (trap is not null) return $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset}, fuel {function.Store.Fuel})";
        return "ok " + string.Join(" ", results.Select(r => r.Type == ValueType.I32 ? r.AsI32().ToString() : r.AsI64().ToString()));
    }

    /// <summary>Runs <paramref name="body"/> on a thread of 1 MiB of stack: an overflow would end the test process.</summary>
    /// <remarks>In a Debug build the interpreter's and the host's frames are unoptimized and several times larger (a
    /// hundred stores of re-entry no longer fit in 1 MiB, and the engine's backstop traps), so Debug runs on 4 MiB: the
    /// compiled frames, which the budget counts, are the same in both (the JIT optimizes dynamic methods either way).</remarks>
    internal static string OnSmallThread(Func<string> body)
    {
#if DEBUG
        const int stackSize = 4 * 1024 * 1024;
#else
        const int stackSize = 1024 * 1024;
#endif
        string? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { error = e; }
        }, stackSize);
        thread.Start();
        thread.Join();
        if (error is not null) throw new InvalidOperationException("the run threw", error);
        return result!;
    }
}
