using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// A compiled trap unwinds its compiled frames (CompiledTrap) only up to where the host or the interpreter entered
/// them: a trap in compiled code the host called from below other compiled frames reaches the host as the call's trap,
/// which the host may swallow (the frames below go on with its result) or return (they trap with it), as on the
/// interpreter (Modules/unwind.wat). Below 300 compiled frames the host's re-entry also needs the interpreter's frame
/// stack grown past the depth at once (compiled frames push none there; it failed with an IndexOutOfRangeException).
/// </summary>
public sealed class TrapUnwindTests
{
    private static readonly FunctionType ProbeType = new([ValueType.I32], [ValueType.I32]);

    [Theory]
    [InlineData(0, false, "ok 38")]
    [InlineData(10, false, "ok 58")]
    [InlineData(10, true, "trap: unreachable")]
    [InlineData(300, false, "ok 638")]
    [InlineData(300, true, "trap: unreachable")]
    public void A_trap_below_a_host_call_reaches_the_host_as_on_the_interpreter(int depth, bool handBack, string expected)
    {
        string interpreted = Run(Interpreted, depth, handBack);
        Assert.StartsWith(expected, interpreted);
        Assert.Equal(interpreted, Run(Compiled, depth, handBack));
    }

    private static string Run(EngineConfig config, int depth, bool handBack)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "unwind.wasm"));
        var engine = new Engine(config);
        var module = Module.Compile(engine, bytes);
        if (config.Tier == ExecutionTier.Compiled) Assert.True(IlTier.Precompile(module));
        string seen = "";
        var linker = new Linker().DefineFunction("env", "probe", ProbeType, (caller, arguments, results) =>
        {
            var values = new Value[1];
            var trap = caller.Instance!.GetFunction("inner")!.Invoke([arguments[0]], values);
            seen = trap is null ? "none" : $"{trap.Message} (function {trap.FunctionIndex}, offset {trap.Offset})";
            results[0] = Value.I32(trap is null ? values[0].AsI32() : 7);
            return handBack ? trap : null;
        });
        var instance = linker.Instantiate(new Store(engine), module);
        var results = new Value[1];
        var outer = instance.GetFunction("outer")!.Invoke([Value.I32(depth)], results);
        string outcome = outer is null ? $"ok {results[0].AsI32()}" : $"trap: {outer.Message} (function {outer.FunctionIndex}, offset {outer.Offset})";
        return $"{outcome}; the host saw {seen}";
    }
}
