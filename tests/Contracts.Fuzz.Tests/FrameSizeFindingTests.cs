using Contracts.Engine;
using Contracts.Engine.Runtime;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;
using Contracts.Fuzz.Tests.Dos;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// FINDING (engine, Translation; open): the translator sizes a frame as locals + one slot per constant
/// *instruction* of the body + operand depth (FunctionTranslator: FrameSize = _localCount + _constantCapacity +
/// _maxHeight + 1, _constantCapacity = CountConstants(body)). A function whose operand stack is never deeper than 1
/// but that contains N constant instructions needs N frame slots, so:
/// * a function with more constants than MaxValueStackSlots (2^20) cannot be called at all ("call stack
///   exhausted") although Wasmtime runs it: a divergence, from ~1.05 million `i32.const` on (a 3.2 MB body, below
///   the permissive MaxFunctionBodySize);
/// * every call reserves (and the pool copies) space proportional to the body's constants, so recursion depth and
///   per-call cost depend on code length rather than on what the frame needs.
/// Minimized below with MaxValueStackSlots = 4,096: 5,000 × (i32.const 1, drop) traps. These tests fail until the
/// frame reserves slots for distinct pooled constants only (or constants move out of the frame).
/// </summary>
public sealed class FrameSizeFindingTests
{
    private static byte[] ManyConstants(int count) => RawModule.SingleFunction([], [0x7F], w =>
    {
        w.U32(0);
        for (int i = 0; i < count; i++) { w.Byte(0x41); w.Byte(0x01); w.Byte(0x1A); }
        w.Byte(0x41); w.S32(9);
    });

    [Fact]
    public void A_function_with_many_constants_but_operand_depth_one_runs_in_a_small_value_stack()
    {
        var engine = new Engine.Engine(EngineConfig.Default with { MaxValueStackSlots = 4_096 });
        var instance = new Linker().Instantiate(new Store(engine), Module.Compile(engine, ManyConstants(5_000)));
        var results = new Value[1];
        var trap = instance.GetFunction("run")!.Invoke([], results);
        Assert.True(trap is null, $"5,000 × (i32.const 1, drop) with operand depth 1 trapped with \"{trap}\" under MaxValueStackSlots = 4,096: the frame reserves a slot per constant instruction");
        Assert.Equal(9, results[0].AsI32());
    }

    [Fact]
    public void A_function_with_1_100_000_constants_runs_as_on_Wasmtime()
    {
        using var ours = new ContractsEngineRunner();
        using var theirs = new WasmtimeRunner();
        // Compared directly: the oracle deliberately does not compare native stack exhaustion, which this is not.
        var wasm = ManyConstants(1_100_000);
        Invocation[] calls = [new Invocation("run", [], [])];
        var theirOutcome = theirs.Run(wasm, calls, RunSettings.Default).Calls.Single();
        var ourOutcome = ours.Run(wasm, calls, RunSettings.Default).Calls.Single();
        Assert.Equal(TrapClass.None, theirOutcome.Trap);
        Assert.True(ourOutcome.Trap == TrapClass.None, $"Wasmtime returns [9], our engine: {ourOutcome.Describe()}");
        Assert.Equal(theirOutcome.Results, ourOutcome.Results);
    }
}
