using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Tests.Support;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Runtime;

/// <summary>Calls across the boundary: Wasm to host, host to Wasm, argument checks and the fuel intrinsic.</summary>
public sealed class HostFunctionTests
{
    private readonly Engine _engine = new(EngineConfig.Default with { MaxValueStackSlots = 4096, FuelImport = ("gas", "charge") });

    [Fact]
    public void Wasm_calls_a_host_function_with_arguments_and_results()
    {
        var builder = new WasmModuleBuilder();
        var add = builder.ImportFunction("env", "add", builder.AddType([ValueType.I32, ValueType.I32], [ValueType.I32]));
        var f = builder.AddFunction(builder.AddType([ValueType.I32], [ValueType.I32]), new CodeBuilder().LocalGet(0).I32Const(10).Call(add).End());
        builder.Export("f", ExternalKind.Function, f);
        var linker = new Linker().DefineFunction("env", "add", new FunctionType([ValueType.I32, ValueType.I32], [ValueType.I32]),
            static (_, arguments, results) =>
            {
                results[0] = Value.I32(arguments[0].AsI32() + arguments[1].AsI32());
                return null;
            });

        var instance = linker.Instantiate(new Store(_engine), builder.Compile(_engine));

        Assert.Equal([Value.I32(15)], instance.GetFunction("f")!.Invoke(Value.I32(5)));
    }

    [Fact]
    public void Host_function_sees_the_calling_instance_and_its_memory()
    {
        var builder = new WasmModuleBuilder();
        var peek = builder.ImportFunction("env", "peek", builder.AddType([], [ValueType.I32]));
        builder.AddMemory(1);
        builder.ActiveData(0, ConstantExpression.I32(0), [0x5A]);
        builder.Export("f", ExternalKind.Function, builder.AddFunction(builder.AddType([], [ValueType.I32]), new CodeBuilder().Call(peek).End()));
        Instance? seen = null;
        var linker = new Linker().DefineFunction("env", "peek", new FunctionType([], [ValueType.I32]), (caller, _, results) =>
        {
            seen = caller.Instance;
            results[0] = Value.I32(caller.Memory!.ReadBytes(0, 1)[0]);
            return null;
        });

        var instance = linker.Instantiate(new Store(_engine), builder.Compile(_engine));

        Assert.Equal(0x5A, instance.GetFunction("f")!.Invoke()[0].AsI32());
        Assert.Same(instance, seen);
    }

    [Fact]
    public void Host_trap_propagates_to_the_invoker()
    {
        var builder = new WasmModuleBuilder();
        var deny = builder.ImportFunction("env", "deny", builder.AddType([], []));
        builder.Export("f", ExternalKind.Function, builder.AddFunction(builder.AddType([], []), new CodeBuilder().Call(deny).End()));
        var linker = new Linker().DefineFunction("env", "deny", FunctionType.Empty,
            static (_, _, _) => new Trap(TrapKind.HostError, "denied by host"));

        var function = linker.Instantiate(new Store(_engine), builder.Compile(_engine)).GetFunction("f")!;

        var e = Assert.Throws<TrapException>(() => function.Invoke());
        Assert.Equal(TrapKind.HostError, e.Kind);
        Assert.Equal("denied by host", e.Trap.Message);
    }

    [Fact]
    public void Host_function_can_be_invoked_directly()
    {
        var store = new Store(_engine);
        var twice = Function.Create(store, new FunctionType([ValueType.I64], [ValueType.I64]), static (_, arguments, results) =>
        {
            results[0] = Value.I64(arguments[0].AsI64() * 2);
            return null;
        });

        var results = new Value[1];
        Assert.Null(twice.Invoke([Value.I64(21)], results));
        Assert.Equal(42, results[0].AsI64());
    }

    [Fact]
    public void Span_invoke_of_wasm_code_allocates_nothing_once_warm()
    {
        var builder = new WasmModuleBuilder();
        var add = builder.AddType([ValueType.I64, ValueType.I64], [ValueType.I64]);
        builder.Export("add", ExternalKind.Function, builder.AddFunction(add, new CodeBuilder().LocalGet(0).LocalGet(1).Op(Opcode.I64Add).End()));
        var function = builder.Instantiate(_engine).GetFunction("add")!;
        Value[] arguments = [Value.I64(40), Value.I64(2)];
        var results = new Value[1];
        Assert.Null(function.Invoke(arguments, results));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) function.Invoke(arguments, results);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(42, results[0].AsI64());
    }

    [Fact]
    public void Invoke_refuses_wrong_arity_and_types_before_running_anything()
    {
        int calls = 0;
        var function = Function.Create(new Store(_engine), new FunctionType([ValueType.I32], [ValueType.I32]), (_, _, results) =>
        {
            calls++;
            results[0] = Value.I32(0);
            return null;
        });

        Assert.Throws<ArgumentException>(() => function.Invoke());
        Assert.Throws<ArgumentException>(() => function.Invoke(Value.I32(1), Value.I32(2)));
        Assert.Throws<ArgumentException>(() => function.Invoke(Value.I64(1)));
        Assert.Throws<ArgumentException>(() => function.Invoke([Value.I32(1)], new Value[2]));
        Assert.Throws<ArgumentException>(() => function.Invoke(Value.FuncRef(Function.Create(new Store(_engine), FunctionType.Empty, static (_, _, _) => null))));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Fuel_intrinsic_consumes_fuel_and_traps_when_it_does_not_suffice()
    {
        var builder = new WasmModuleBuilder();
        builder.Export("charge", ExternalKind.Function, builder.ImportFunction("gas", "charge", builder.AddType([ValueType.I64], [])));
        var store = new Store(_engine) { Fuel = 100 };
        var charge = new Linker().Instantiate(store, builder.Compile(_engine)).GetFunction("charge")!;

        charge.Invoke(Value.I64(30));
        Assert.Equal(70, store.Fuel);

        var e = Assert.Throws<TrapException>(() => charge.Invoke(Value.I64(71)));
        Assert.Equal(TrapKind.OutOfFuel, e.Kind);
        // Running out consumes what was left, as the folded intrinsic does: gas used equals the limit.
        Assert.Equal(0, store.Fuel);

        // The argument is unsigned: -1 is 2^64 - 1, never a refund.
        store.Fuel = 5;
        Assert.Throws<TrapException>(() => charge.Invoke(Value.I64(-1)));
        Assert.Equal(0, store.Fuel);
    }
}
