using Contracts.Engine;
using Contracts.Engine.Runtime;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;
using Contracts.Fuzz.Tests.Dos;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Regression tests of a finding of the fuzz work (fixed on main in 38dace8, "pool only distinct constants, at most
/// 256 per function"): the translator sized a frame as locals + one slot per constant *instruction* + operand depth,
/// so a function with N constant instructions needed N frame slots however shallow its stack. A function with more
/// constants than MaxValueStackSlots (2^20, about 1.05 million `i32.const`, a 3.2 MB body within the permissive
/// MaxFunctionBodySize) could not be called at all ("call stack exhausted") although Wasmtime runs it, and every
/// call reserved space proportional to the body's constants. Minimized: 5,000 × (i32.const 1, drop) under
/// MaxValueStackSlots = 4,096.
/// </summary>
public sealed class FrameSizeFindingTests
{
    private static byte[] ManyConstants(int count) => RawModule.SingleFunction([], [0x7F], w =>
    {
        w.WriteVarUInt32(0);
        for (int i = 0; i < count; i++) { w.WriteByte(0x41); w.WriteByte(0x01); w.WriteByte(0x1A); }
        w.WriteByte(0x41); w.WriteVarInt32(9);
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
    public void A_function_with_thousands_of_distinct_constants_computes_as_on_Wasmtime()
    {
        // More distinct constants than the translator pools (256): the rest must still read the right values.
        var wasm = RawModule.SingleFunction([], [0x7E], w =>
        {
            w.WriteVarUInt32(0);
            w.WriteByte(0x42); w.WriteVarInt64(0);
            for (int i = 1; i <= 3_000; i++)
            {
                w.WriteByte(0x42); w.WriteVarInt64((long)((ulong)i * 0x9E37_79B9_7F4A_7C15ul));
                w.WriteByte(i % 3 == 0 ? (byte)0x85 : (byte)0x7C); // i64.xor or i64.add
            }
        });
        using var ours = new ContractsEngineRunner();
        using var theirs = new WasmtimeRunner();
        var comparison = new DifferentialOracle(ours, theirs).Run(wasm, [new Invocation("run", [], [])]);
        Assert.Equal(1, comparison.CallsCompared);
        Assert.True(comparison.Divergence is null, $"diverges from Wasmtime: {comparison.Divergence}");
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
