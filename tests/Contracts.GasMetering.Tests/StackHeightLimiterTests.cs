using Contracts.Engine.Runtime;

namespace Contracts.GasMetering.Tests;

/// <summary>The stack-height limiter trips at the same, computable depth on every engine and resets per host call.</summary>
public sealed class StackHeightLimiterTests
{
    /// <summary>Recursion without end; $depth counts the frames entered. Frame cost of $down: 1 param + 0 locals + depth 2 = 3.</summary>
    private const string Recursion = """
        (module
          (global $depth (export "depth") (mut i32) (i32.const 0))
          (func $down (param i32)
            (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
            (call $down (i32.add (local.get 0) (i32.const 1))))
          (func (export "run") (global.set $depth (i32.const 0)) (call $down (i32.const 0))))
        """;

    [Theory]
    [InlineData(100u)]
    [InlineData(1_000u)]
    [InlineData(InstrumentationOptions.DefaultStackHeightLimit)]
    public void Endless_recursion_trips_the_limiter_after_limit_over_frame_cost_frames(uint limit)
    {
        var options = InstrumentationOptions.Default with { StackHeightLimit = limit };
        var instance = Metered.Instantiate(Wat.ToWasm(Recursion), options);

        var result = instance.Call("run", 1L << 40);

        Assert.Equal(TrapKind.StackHeightExhausted, result.Trap?.Kind);
        // "run" costs 1 (no params, locals or operands... at least 1), each $down frame 3; the frame that would cross the limit trips in its prologue, before counting itself.
        uint expectedDepth = (limit - 1) / 3;
        Assert.Equal((int)expectedDepth, instance.Instance.GetGlobal("depth")!.Get().AsI32());
    }

    [Fact]
    public void Default_limit_trips_before_the_engines_call_depth_limit_and_before_wasmtimes_stack()
    {
        var instrumented = GasInstrumenter.Instrument(Wat.ToWasm(Recursion)).Bytes;

        var ours = OurEngine.Run(instrumented, "run", 1L << 40);
        var theirs = WasmtimeEngine.Run(instrumented, "run", 1L << 40);

        Assert.Equal("trap StackHeightExhausted", ours.What);
        Assert.Equal(ours, theirs);
    }

    [Fact]
    public void One_slot_frames_at_the_default_limit_stay_within_our_call_depth_and_wasmtimes_default_stack()
    {
        // $f has no parameters, locals or operands: each frame costs the minimum, 1, so the most frames fit.
        var wat = """
            (module
              (func $f (call $f))
              (func (export "run") (call $f)))
            """;
        var instrumented = GasInstrumenter.Instrument(Wat.ToWasm(wat)).Bytes;

        var ours = OurEngine.Run(instrumented, "run", 1L << 40);

        Assert.Equal("trap StackHeightExhausted", ours.What);
        Assert.Equal(ours, WasmtimeEngine.Run(instrumented, "run", 1L << 40));
    }

    [Fact]
    public void Large_frames_trip_sooner_and_identically_on_both_engines()
    {
        // 200 i64 locals: each frame costs 1 + 200 + 2 = 203 slots.
        var locals = string.Join(' ', Enumerable.Repeat("i64", 200));
        var wat = $"""
            (module
              (global $depth (export "depth") (mut i32) (i32.const 0))
              (func $down (param i32) (local {locals})
                (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
                (call $down (i32.add (local.get 0) (i32.const 1))))
              (func (export "run") (result i32) (call $down (i32.const 0)) (global.get $depth)))
            """;
        var instrumented = GasInstrumenter.Instrument(Wat.ToWasm(wat)).Bytes;
        var instance = Metered.InstantiateInstrumented(instrumented);

        var ours = OurEngine.Call(instance, "run", 1L << 40);

        Assert.Equal("trap StackHeightExhausted", ours.What);
        Assert.Equal((int)((InstrumentationOptions.DefaultStackHeightLimit - 2) / 203), instance.Instance.GetGlobal("depth")!.Get().AsI32());
        Assert.Equal(ours, WasmtimeEngine.Run(instrumented, "run", 1L << 40));
    }

    [Fact]
    public void Small_leaf_functions_are_not_counted_and_large_ones_are()
    {
        var locals = string.Join(' ', Enumerable.Repeat("i64", 100));
        var wat = $"""
            (module
              (func $small (result i32) (i32.const 1))
              (func $large (result i32) (local {locals}) (i32.const 2))
              (func $caller (drop (call $small))))
            """;
        var functions = GasInstrumenter.Instrument(Wat.ToWasm(wat)).DefinedFunctions;

        Assert.Equal([false, true, true], functions.Select(f => f.StackCounted));
        Assert.Equal([1u, 101u, 1u], functions.Select(f => f.FrameCost));
    }

    [Fact]
    public void A_v128_counts_two_slots_in_the_frame_cost()
    {
        // Parameters, locals and operands: a v128 is 16 bytes, twice a scalar slot.
        var wat = """
            (module
              (func $scalar (param i64 i64) (result i64) (local i64)
                (i64.add (i64.add (local.get 0) (local.get 1)) (local.get 2)))
              (func $vector (param v128 v128) (result v128) (local v128)
                (i64x2.add (i64x2.add (local.get 0) (local.get 1)) (local.get 2)))
              (func $mixed (param v128 i32) (result v128)
                (select (local.get 0) (v128.const i64x2 1 2) (local.get 1)))
              (func $dropped (param v128)
                (drop (local.get 0)) (drop (local.get 0)) (drop (local.get 0))))
            """;
        var functions = GasInstrumenter.Instrument(Wat.ToWasm(wat)).DefinedFunctions;

        // scalar: 3 locals + 2 operands; vector: twice that; mixed: 3 + (2 + 2 + 1); dropped: 2 + 2, drops leave nothing.
        Assert.Equal([5u, 10u, 8u, 4u], functions.Select(f => f.FrameCost));
    }

    [Fact]
    public void A_trap_does_not_leak_stack_height_into_the_next_call()
    {
        var instance = Metered.Instantiate(Wat.ToWasm(Recursion));
        var first = instance.Call("run", 1L << 40);
        var second = instance.Call("run", 1L << 40);

        Assert.Equal(TrapKind.StackHeightExhausted, first.Trap?.Kind);
        Assert.Equal(TrapKind.StackHeightExhausted, second.Trap?.Kind);
        Assert.Equal(first.GasUsed, second.GasUsed);
    }

    [Fact]
    public void Returning_calls_lower_the_counter_to_zero_on_every_exit_path()
    {
        // Each function calls $nop so it is not an uncounted small leaf: its prologue and epilogues are what is tested.
        var wat = """
            (module
              (func $nop)
              (func $viaReturn (param i32) (result i32) (call $nop) (if (local.get 0) (then (return (i32.const 1)))) (i32.const 2))
              (func $viaBranch (param i32) (result i32) (call $nop) (br_if 0 (i32.const 3) (local.get 0)) (drop) (i32.const 4))
              (func $viaTable (param i32) (result i32) (call $nop) (drop (block (result i32) (br_table 0 1 (i32.const 6) (local.get 0)))) (i32.const 5))
              (func (export "run") (result i32)
                (i32.add (call $viaReturn (i32.const 1)) (call $viaReturn (i32.const 0)))
                (i32.add (call $viaBranch (i32.const 1)) (call $viaBranch (i32.const 0)))
                (i32.add)
                (i32.add (call $viaTable (i32.const 0)) (call $viaTable (i32.const 1)))
                (i32.add)))
            """;
        var instance = Metered.Instantiate(Wat.ToWasm(wat));

        var result = instance.Call("run", 1L << 40);

        Assert.Null(result.Trap);
        Assert.Equal(1 + 2 + 3 + 4 + 5 + 6, result.Results[0].AsI32());
        Assert.Equal(0, instance.Instance.GetGlobal(GasImports.StackHeightExport)!.Get().AsI32());
    }
}
