using Contracts.Engine.Binary;
using Contracts.Engine.Execution;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Tests.Support;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Execution;

/// <summary>
/// Hostile but valid code ends in a typed trap within the configured limits — never a crash of the host
/// (a StackOverflowException would kill the test host), a hang or unbounded memory.
/// </summary>
public sealed class ExecutionLimitsTests
{
    /// <summary>The engine names no fuel import by default; these tests bind one (gas-metering's names).</summary>
    private static readonly EngineConfig FuelConfig = new() { FuelImport = ("gas", "charge") };

    private static readonly ValueType[] None = [];
    private static readonly ValueType[] I32 = [ValueType.I32];
    private static readonly ValueType[] I64 = [ValueType.I64];

    private static Instance Instantiate(WasmModuleBuilder builder, EngineConfig? config = null, Linker? linker = null, Store? store = null)
    {
        var engine = store?.Engine ?? new Engine(config);
        var module = builder.Compile(engine);
        return (linker ?? new Linker()).Instantiate(store ?? new Store(engine), module);
    }

    private static Trap InvokeExpectingTrap(Function function, params Value[] arguments)
    {
        var results = new Value[function.Type.Results.Length];
        var trap = function.Invoke(arguments, results);
        Assert.NotNull(trap);
        return trap!;
    }

    [Fact]
    public void Unbounded_recursion_traps_with_call_stack_exhausted_and_the_store_stays_usable()
    {
        var builder = new WasmModuleBuilder();
        uint f = builder.AddFunction(None, None, new CodeBuilder().Call(0).End());
        uint ok = builder.AddFunction(None, I32, new CodeBuilder().I32Const(7).End());
        builder.Export("recurse", ExternalKind.Function, f).Export("ok", ExternalKind.Function, ok);
        var instance = Instantiate(builder, new EngineConfig { MaxCallDepth = 5_000 });

        var trap = InvokeExpectingTrap(instance.GetFunction("recurse")!);

        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.Equal(7, instance.GetFunction("ok")!.Invoke()[0].AsI32());
    }

    [Fact]
    public void Recursion_with_large_frames_exhausts_the_value_stack_before_the_call_depth()
    {
        var builder = new WasmModuleBuilder();
        uint f = builder.AddFunction(None, None, new CodeBuilder().Call(0).End(), new LocalGroup(1_000, ValueType.I64));
        builder.Export("recurse", ExternalKind.Function, f);
        var instance = Instantiate(builder, new EngineConfig { MaxCallDepth = 100_000, MaxValueStackSlots = 100_000 });

        Assert.Equal(TrapKind.CallStackExhausted, InvokeExpectingTrap(instance.GetFunction("recurse")!).Kind);
    }

    [Fact]
    public void Host_functions_that_call_back_into_wasm_are_bounded_without_a_native_stack_overflow()
    {
        // wasm "ping" calls host "pong", which invokes "ping" again: each round trip nests on the .NET stack.
        var builder = PingCallingPong();
        var engine = new Engine();
        var store = new Store(engine);
        Function? pingFunction = null;
        int calls = 0;
        var linker = new Linker().DefineFunction("host", "pong", FunctionType.Empty, (caller, _, _) =>
        {
            calls++;
            return pingFunction!.Invoke(ReadOnlySpan<Value>.Empty, Span<Value>.Empty);
        });
        var instance = Instantiate(builder, linker: linker, store: store);
        pingFunction = instance.GetFunction("ping")!;

        var trap = InvokeExpectingTrap(pingFunction);

        Assert.Equal(TrapKind.CallStackExhausted, trap.Kind);
        Assert.InRange(calls, 1, ExecutionStack.MaxReentrancy);
    }

    [Fact]
    public void Host_functions_that_enter_a_fresh_store_each_time_trap_before_the_native_stack_overflows()
    {
        // The per-store bound above does not apply when every round trip enters a new store: 100,000 levels of
        // interpreter and host frames need far more than the 1 MiB thread, which the engine's backstop turns into a trap.
        var builder = PingCallingPong();
        var engine = new Engine();
        var module = builder.Compile(engine);
        int levels = 0;
        Linker? linker = null;
        linker = new Linker().DefineFunction("host", "pong", FunctionType.Empty, (_, _, _) =>
        {
            if (++levels == 100_000) return null;
            return linker!.Instantiate(new Store(engine), module).GetFunction("ping")!.Invoke(ReadOnlySpan<Value>.Empty, Span<Value>.Empty);
        });
        Trap? trap = null;
        var thread = new Thread(() => trap = linker.Instantiate(new Store(engine), module).GetFunction("ping")!.Invoke(ReadOnlySpan<Value>.Empty, Span<Value>.Empty), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(TrapKind.CallStackExhausted, trap?.Kind);
        Assert.InRange(levels, 10, 99_999);
    }

    /// <summary>A module whose export "ping" calls the import host.pong.</summary>
    private static WasmModuleBuilder PingCallingPong()
    {
        var builder = new WasmModuleBuilder();
        uint type = builder.AddType(None, None);
        uint pong = builder.ImportFunction("host", "pong", type);
        uint ping = builder.AddFunction(type, new CodeBuilder().Call(pong).End());
        builder.Export("ping", ExternalKind.Function, ping);
        return builder;
    }

    [Fact]
    public void An_infinite_loop_stops_with_out_of_fuel_and_uses_exactly_the_budget()
    {
        var builder = new WasmModuleBuilder();
        uint charge = builder.ImportFunction("gas", "charge", builder.AddType(I64, None));
        uint spin = builder.AddFunction(None, None, new CodeBuilder()
            .Loop().I64Const(3).Call(charge).Br(0).End()
            .End());
        builder.Export("spin", ExternalKind.Function, spin);
        var engine = new Engine(FuelConfig);
        var store = new Store(engine) { Fuel = 1_000 };
        var instance = Instantiate(builder, store: store);

        var trap = InvokeExpectingTrap(instance.GetFunction("spin")!);

        Assert.Equal(TrapKind.OutOfFuel, trap.Kind);
        Assert.Equal(0, store.Fuel);
    }

    [Fact]
    public void Fuel_consumption_is_exact_and_repeatable()
    {
        var builder = new WasmModuleBuilder();
        uint charge = builder.ImportFunction("gas", "charge", builder.AddType(I64, None));
        // for (i = n; i != 0; i--) charge(5)
        uint count = builder.AddFunction(I32, None, new CodeBuilder()
            .Block().Loop()
            .LocalGet(0).Op(Opcode.I32Eqz).BrIf(1)
            .I64Const(5).Call(charge)
            .LocalGet(0).I32Const(1).Op(Opcode.I32Sub).LocalSet(0)
            .Br(0).End().End()
            .End());
        builder.Export("count", ExternalKind.Function, count);
        var engine = new Engine(FuelConfig);
        for (int run = 0; run < 2; run++)
        {
            var store = new Store(engine) { Fuel = 10_000 };
            var instance = Instantiate(builder, store: store);
            instance.GetFunction("count")!.Invoke(Value.I32(123));
            Assert.Equal(10_000 - 5 * 123, store.Fuel);
        }
    }

    [Fact]
    public void Consecutive_fuel_charges_are_each_charged()
    {
        var builder = new WasmModuleBuilder();
        uint charge = builder.ImportFunction("gas", "charge", builder.AddType(I64, None));
        uint f = builder.AddFunction(None, None, new CodeBuilder()
            .Block().I64Const(1).Call(charge).End()
            .I64Const(2).Call(charge).I64Const(3).Call(charge)
            .End());
        builder.Export("f", ExternalKind.Function, f);
        var store = new Store(new Engine(FuelConfig)) { Fuel = 100 };
        Instantiate(builder, store: store).GetFunction("f")!.Invoke();
        Assert.Equal(94, store.Fuel);
        store.Fuel = 5;
        Assert.Equal(TrapKind.OutOfFuel, InvokeExpectingTrap(Instantiate(builder, store: store).GetFunction("f")!).Kind);
        Assert.Equal(0, store.Fuel);
    }

    [Fact]
    public void The_fused_global_bump_and_check_idiom_keeps_both_outcomes()
    {
        // global += 4; if (global > 10) return 1; ...; global -= 4; return 0 — the stack-height limiter's shape.
        var builder = new WasmModuleBuilder();
        uint counter = builder.AddGlobal(ValueType.I32, true, ConstantExpression.I32(0));
        uint f = builder.AddFunction(None, I32, new CodeBuilder()
            .GlobalGet(counter).I32Const(4).Op(Opcode.I32Add).GlobalSet(counter)
            .GlobalGet(counter).I32Const(10).Op(Opcode.I32GtU).If().I32Const(1).Return().End()
            .GlobalGet(counter).I32Const(4).Op(Opcode.I32Sub).GlobalSet(counter)
            .I32Const(0).End());
        uint bump = builder.AddFunction(None, None, new CodeBuilder()
            .GlobalGet(counter).I32Const(5).Op(Opcode.I32Add).GlobalSet(counter).End());
        builder.Export("f", ExternalKind.Function, f).Export("bump", ExternalKind.Function, bump)
            .Export("counter", ExternalKind.Global, counter);
        var instance = Instantiate(builder);
        var function = instance.GetFunction("f")!;

        Assert.Equal(0, function.Invoke()[0].AsI32());
        Assert.Equal(0, instance.GetGlobal("counter")!.Get().AsI32());
        instance.GetFunction("bump")!.Invoke();
        Assert.Equal(0, function.Invoke()[0].AsI32());
        instance.GetFunction("bump")!.Invoke();
        Assert.Equal(1, function.Invoke()[0].AsI32());
        Assert.Equal(14, instance.GetGlobal("counter")!.Get().AsI32());
    }

    [Fact]
    public void A_stack_height_counter_starts_from_zero_at_every_entry_from_the_host()
    {
        // "enter" adds 3 to the counter and traps, as a limiter's prologue does when the callee then traps.
        var builder = new WasmModuleBuilder();
        uint counter = builder.AddGlobal(ValueType.I32, true, ConstantExpression.I32(0));
        uint enter = builder.AddFunction(None, I32, new CodeBuilder()
            .GlobalGet(counter).I32Const(3).Op(Opcode.I32Add).GlobalSet(counter)
            .Unreachable().End());
        uint read = builder.AddFunction(None, I32, new CodeBuilder().GlobalGet(counter).End());
        builder.Export("enter", ExternalKind.Function, enter).Export("read", ExternalKind.Function, read)
            .Export("__gas_stack_height", ExternalKind.Global, counter);
        var instance = Instantiate(builder, new EngineConfig { StackHeightCounterExport = "__gas_stack_height" });

        Assert.Equal(TrapKind.Unreachable, InvokeExpectingTrap(instance.GetFunction("enter")!).Kind);
        Assert.Equal(3, instance.GetGlobal("__gas_stack_height")!.Get().AsI32());
        Assert.Equal(0, instance.GetFunction("read")!.Invoke()[0].AsI32());
    }

    [Fact]
    public void Memory_grow_past_the_maximum_or_the_engine_limit_returns_minus_one()
    {
        var builder = new WasmModuleBuilder();
        builder.AddMemory(1);
        uint grow = builder.AddFunction(I32, I32, new CodeBuilder().LocalGet(0).MemoryGrow().End());
        builder.Export("grow", ExternalKind.Function, grow);
        var instance = Instantiate(builder, new EngineConfig { MaxMemoryPages = 4 });
        var function = instance.GetFunction("grow")!;

        Assert.Equal(1, function.Invoke(Value.I32(3))[0].AsI32());
        Assert.Equal(-1, function.Invoke(Value.I32(1))[0].AsI32());
        Assert.Equal(-1, function.Invoke(Value.I32(-1))[0].AsI32());
        Assert.Equal(4, function.Invoke(Value.I32(0))[0].AsI32());
    }

    [Fact]
    public void A_memory_grow_loop_is_bounded_by_the_engine_limit()
    {
        var builder = new WasmModuleBuilder();
        builder.AddMemory(0);
        // while (memory.grow(1) != -1) {}; return memory.size
        uint fill = builder.AddFunction(None, I32, new CodeBuilder()
            .Loop().I32Const(1).MemoryGrow().I32Const(-1).Op(Opcode.I32Ne).BrIf(0).End()
            .MemorySize().End());
        builder.Export("fill", ExternalKind.Function, fill);
        var instance = Instantiate(builder, new EngineConfig { MaxMemoryPages = 256 });

        Assert.Equal(256, instance.GetFunction("fill")!.Invoke()[0].AsI32());
    }

    [Fact]
    public void A_trap_names_the_function_and_the_byte_offset_of_the_instruction()
    {
        var builder = new WasmModuleBuilder();
        uint first = builder.AddFunction(None, None, new CodeBuilder().Nop().End());
        uint divide = builder.AddFunction([ValueType.I32, ValueType.I32], I32,
            new CodeBuilder().LocalGet(0).LocalGet(1).Op(Opcode.I32DivS).End());
        builder.Export("divide", ExternalKind.Function, divide);
        var bytes = builder.ToBytes();
        var engine = new Engine();
        var module = Module.Compile(engine, bytes);
        var instance = new Linker().Instantiate(new Store(engine), module);

        var trap = InvokeExpectingTrap(instance.GetFunction("divide")!, Value.I32(1), Value.I32(0));

        Assert.Equal(TrapKind.IntegerDivideByZero, trap.Kind);
        Assert.Equal("integer divide by zero", trap.Message);
        Assert.Equal((int)divide, trap.FunctionIndex);
        Assert.Equal((byte)Opcode.I32DivS, bytes[trap.Offset]);
        _ = first;
    }

    [Fact]
    public void Steady_state_calls_allocate_nothing()
    {
        var builder = new WasmModuleBuilder();
        uint add = builder.AddFunction([ValueType.I64, ValueType.I64], I64,
            new CodeBuilder().LocalGet(0).LocalGet(1).Op(Opcode.I64Add).End());
        builder.Export("add", ExternalKind.Function, add);
        var function = Instantiate(builder).GetFunction("add")!;
        var arguments = new[] { Value.I64(40), Value.I64(2) };
        var results = new Value[1];
        function.Invoke(arguments, results);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++) function.Invoke(arguments, results);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(42, results[0].AsI64());
    }

    [Fact]
    public void The_tracer_sees_calls_host_calls_and_traps_with_fuel()
    {
        var builder = new WasmModuleBuilder();
        uint type = builder.AddType(None, None);
        uint host = builder.ImportFunction("host", "note", type);
        uint leaf = builder.AddFunction(type, new CodeBuilder().Call(host).Unreachable().End());
        uint main = builder.AddFunction(type, new CodeBuilder().Call(leaf).End());
        builder.Export("main", ExternalKind.Function, main);
        var engine = new Engine();
        var tracer = new RecordingTracer();
        var store = new Store(engine) { Tracer = tracer };
        var linker = new Linker().DefineFunction("host", "note", FunctionType.Empty, (_, _, _) => null);
        var instance = Instantiate(builder, linker: linker, store: store);

        var trap = InvokeExpectingTrap(instance.GetFunction("main")!);

        Assert.Equal(TrapKind.Unreachable, trap.Kind);
        Assert.Equal(["enter 2", "enter 1", "host", "trap unreachable"], tracer.Events);
    }

    private sealed class RecordingTracer : IExecutionTracer
    {
        public List<string> Events { get; } = [];
        public void OnCallEnter(Instance instance, int functionIndex, long fuel) => Events.Add($"enter {functionIndex}");
        public void OnCallExit(Instance instance, int functionIndex, long fuel) => Events.Add($"exit {functionIndex}");
        public void OnHostCall(Function function, long fuel) => Events.Add("host");
        public void OnTrap(Trap trap, long fuel) => Events.Add($"trap {trap.Message}");
    }
}
