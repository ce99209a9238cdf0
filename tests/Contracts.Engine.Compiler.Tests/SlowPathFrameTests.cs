using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Direct calls check their callees' frames against the value stack's limit, not its array, and do not grow it; every
/// path that writes a frame — a host import, call_indirect's generic path, a multi-value callee, a call into the
/// interpreter — grows the array first (Modules/slow-paths.wat: reached at the bottom of a direct recursion, deep past
/// the array's first 1,024 words). Results and traps equal the interpreter's, under the default stack and under small
/// limits the recursion runs into.
/// </summary>
public sealed class SlowPathFrameTests
{
    private static readonly FunctionType TripleType = new([ValueType.I32], [ValueType.I32]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Frames_written_below_a_deep_direct_recursion_match_the_interpreter(int how)
    {
        int[] depths = [0, 1, 50, 200, 400, 700, 1000, 1500];
        int[] limits = [EngineConfig.Default.MaxValueStackSlots, 2000, 1000, 300];
        int finished = 0, exhausted = 0;
        foreach (int limit in limits)
        {
            foreach (int depth in depths)
            {
                string interpreted = Run(Interpreted with { MaxValueStackSlots = limit }, depth, how);
                Assert.Equal(interpreted, Run(Compiled with { MaxValueStackSlots = limit }, depth, how));
                if (interpreted.StartsWith("ok", StringComparison.Ordinal)) finished++;
                if (interpreted.StartsWith("trap: call stack exhausted", StringComparison.Ordinal)) exhausted++;
            }
        }
        Assert.True(finished > depths.Length && exhausted > 0, $"{finished} finished, {exhausted} exhausted the value stack");
    }

    private static string Run(EngineConfig config, int depth, int how)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "slow-paths.wasm"));
        var engine = new Engine(config);
        var module = Module.Compile(engine, bytes);
        if (config.Tier == ExecutionTier.Compiled) Assert.True(IlTier.Precompile(module));
        var linker = new Linker().DefineFunction("env", "triple", TripleType, (_, arguments, results) =>
        {
            results[0] = Value.I32(arguments[0].AsI32() * 3);
            return null;
        });
        var instance = linker.Instantiate(new Store(engine), module);
        var results = new Value[1];
        var trap = instance.GetFunction("down")!.Invoke([Value.I32(depth), Value.I32(how)], results);
        return trap is null ? $"ok {results[0].AsI32()}" : $"trap: {trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})";
    }
}
