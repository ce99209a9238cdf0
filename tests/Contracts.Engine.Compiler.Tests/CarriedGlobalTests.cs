using Contracts.GasMetering;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// A balanced counter (gas-metering's stack-height limiter) is carried by compiled code in an IL argument instead of
/// its Global (CarriedGlobal), and every observer still sees the interpreter's value: the host in the middle of the
/// calls, the exported global after a return and after a trap deep in the recursion, calls through call_indirect and
/// a two-result callee (Modules/carried.wat).
/// </summary>
public sealed class CarriedGlobalTests
{
    private static readonly FunctionType Observe = new([], [Model.ValueType.I32]);

    [Fact]
    public void The_balanced_counter_is_carried_and_the_unbalanced_one_is_not()
    {
        var module = Module.Compile(new Engine(EngineConfig.Default), Bytes("carried.wasm"));

        // Global 0 ($drift) only grows; global 1 ($height) is balanced in every function.
        Assert.Equal(1, CarriedGlobal.Find(module, new string?[module.Functions.Length]));
    }

    [Fact]
    public void Gas_metering_stack_height_limiter_is_carried()
    {
        var bytes = GasInstrumenter.Instrument(Bytes("calls.wasm")).Bytes;
        var module = Module.Compile(new Engine(EngineConfig.Default), bytes);

        int carried = CarriedGlobal.Find(module, new string?[module.Functions.Length]);

        Assert.True(carried >= 0);
        var export = Assert.Single(module.Info.Exports, e => e.Kind == ExternalKind.Global && e.Index == (uint)carried);
        Assert.Equal("__gas_stack_height", export.Name);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 12)]
    [InlineData(5, 18)]
    [InlineData(7, 1029)]
    public void The_host_sees_the_counter_of_the_frame_that_calls_it(int depth, int expected)
    {
        var (interpreted, compiled) = Instantiate();

        Assert.Equal((expected, 0), Walk(interpreted, depth));
        Assert.Equal((expected, 0), Walk(compiled, depth));
    }

    [Fact]
    public void A_trap_deep_in_the_recursion_leaves_the_counter_at_the_trapping_frame_on_both_tiers()
    {
        var (interpreted, compiled) = Instantiate();

        foreach (var instance in new[] { interpreted, compiled })
        {
            Assert.Equal((18, 0), Walk(instance, 5));
            var trap = instance.GetFunction("walk")!.Invoke([Value.I32(25)], new Value[1]);
            Assert.Equal(TrapKind.Unreachable, trap?.Kind);
            // 19 walks (57), the 20th (60), then $pair adds 5 and traps: 65 > 60.
            Assert.Equal(65, instance.GetGlobal("height")!.Get().AsI32());
            // And the next call starts from there: 68 > 60 traps at once.
            Assert.Equal(TrapKind.Unreachable, instance.GetFunction("walk")!.Invoke([Value.I32(0)], new Value[1])?.Kind);
            Assert.Equal(68, instance.GetGlobal("height")!.Get().AsI32());
        }
    }

    [Fact]
    public void The_unbalanced_global_stays_in_its_global()
    {
        var (interpreted, compiled) = Instantiate();

        foreach (var instance in new[] { interpreted, compiled })
        {
            var results = new Value[1];
            for (int i = 0; i < 3; i++) Assert.Null(instance.GetFunction("bump")!.Invoke([], results));
            Assert.Equal(3, instance.GetGlobal("drift")!.Get().AsI32());
        }
    }

    private static (int Result, int HeightAfter) Walk(Instance instance, int depth)
    {
        var results = new Value[1];
        Assert.Null(instance.GetFunction("walk")!.Invoke([Value.I32(depth)], results));
        return (results[0].AsI32(), instance.GetGlobal("height")!.Get().AsI32());
    }

    private static (Instance Interpreted, Instance Compiled) Instantiate()
    {
        var bytes = Bytes("carried.wasm");
        var interpreter = new Engine(EngineConfig.Default with { Tier = ExecutionTier.Interpreter });
        var compiler = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled));
        var compiledModule = Module.Compile(compiler, bytes);
        Assert.True(IlTier.Precompile(compiledModule));
        Assert.Equal(compiledModule.Info.Bodies.Length, IlTier.CompiledFunctionCount(compiledModule));
        return (Linked(interpreter, Module.Compile(interpreter, bytes)), Linked(compiler, compiledModule));
    }

    /// <summary>An instance whose <c>env.observe</c> returns its own exported <c>height</c> as the host reads it.</summary>
    private static Instance Linked(Engine engine, Module module)
    {
        var linker = new Linker().DefineFunction("env", "observe", Observe, (caller, _, results) =>
        {
            results[0] = Value.I32(caller.Instance!.GetGlobal("height")!.Get().AsI32());
            return null;
        });
        return linker.Instantiate(new Store(engine), module);
    }

    private static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", file));
}
