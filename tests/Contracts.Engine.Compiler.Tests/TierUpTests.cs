using Contracts.Engine.Runtime;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The tier policy: tiered interprets a module's first calls from the host and compiles it at the threshold; the
/// interpreter tier never compiles; the compiled tier compiles at the first call. Results never change.
/// </summary>
public sealed class TierUpTests
{
    [Fact]
    public void Tiered_compiles_a_module_when_its_calls_reach_the_threshold()
    {
        var engine = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Tiered) with { TierUpThreshold = 3 });
        var module = Module.Compile(engine, NativeStackTests.DeepModule());
        var rec = Instantiate(engine, module).GetFunction("rec")!;

        var results = new List<long>();
        var compiledAfter = new List<int>();
        for (int call = 1; call <= 5; call++)
        {
            results.Add(rec.Invoke(Value.I32(100))[0].AsI64());
            compiledAfter.Add(IlTier.CompiledFunctionCount(module));
        }

        Assert.Equal([0, 0, 2, 2, 2], compiledAfter);
        Assert.Single(results.Distinct());
    }

    [Fact]
    public void Calls_from_every_instance_of_a_module_count_towards_its_threshold()
    {
        var engine = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Tiered) with { TierUpThreshold = 4 });
        var module = Module.Compile(engine, NativeStackTests.DeepModule());
        for (int i = 0; i < 3; i++) Instantiate(engine, module).GetFunction("rec")!.Invoke(Value.I32(3));
        Assert.Equal(0, IlTier.CompiledFunctionCount(module));

        Instantiate(engine, module).GetFunction("rec")!.Invoke(Value.I32(3));
        Assert.Equal(2, IlTier.CompiledFunctionCount(module));
    }

    [Fact]
    public void The_interpreter_tier_never_compiles_and_the_compiled_tier_compiles_at_once()
    {
        var interpreter = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Interpreter) with { TierUpThreshold = 1 });
        var interpreted = Module.Compile(interpreter, NativeStackTests.DeepModule());
        var rec = Instantiate(interpreter, interpreted).GetFunction("rec")!;
        for (int i = 0; i < 100; i++) rec.Invoke(Value.I32(10));
        Assert.Equal(0, IlTier.CompiledFunctionCount(interpreted));

        var compiler = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled));
        var compiled = Module.Compile(compiler, NativeStackTests.DeepModule());
        Assert.Equal(rec.Invoke(Value.I32(10))[0].AsI64(), Instantiate(compiler, compiled).GetFunction("rec")!.Invoke(Value.I32(10))[0].AsI64());
        Assert.Equal(2, IlTier.CompiledFunctionCount(compiled));
    }

    [Fact]
    public void Without_a_compiler_every_tier_interprets()
    {
        var engine = new Engine(EngineConfig.Default with { Tier = ExecutionTier.Compiled });
        var module = Module.Compile(engine, NativeStackTests.DeepModule());
        Instantiate(engine, module).GetFunction("rec")!.Invoke(Value.I32(10));
        Assert.Equal(0, IlTier.CompiledFunctionCount(module));
    }

    /// <summary>A metered module: "work" charges its argument through the fuel intrinsic and returns it.</summary>
    private static readonly byte[] Metered = Wasmtime.Module.ConvertText("""
        (module (import "gas" "charge" (func $charge (param i64)))
          (func (export "work") (param i64) (result i64) (call $charge (local.get 0)) (local.get 0)))
        """);

    private static Engine MeteredTiered(long tierUpFuel) => new(IlTier.Configure(EngineConfig.Default, ExecutionTier.Tiered)
        with { FuelImport = ("gas", "charge"), TierUpThreshold = 4, TierUpFuel = tierUpFuel });

    [Fact]
    public void A_metered_module_is_compiled_once_its_interpreted_calls_consumed_the_tier_up_fuel()
    {
        var engine = MeteredTiered(tierUpFuel: 1_000);
        var module = Module.Compile(engine, Metered);
        var store = new Store(engine) { Fuel = 1_000_000 };
        var work = new Linker().Instantiate(store, module).GetFunction("work")!;

        var compiledAfter = new List<int>();
        for (int call = 1; call <= 5; call++)
        {
            Assert.Equal(400, work.Invoke(Value.I64(400))[0].AsI64());
            compiledAfter.Add(IlTier.CompiledFunctionCount(module));
        }

        // 400, 800, 1,200: the fourth call finds 1,000 consumed and runs compiled; fuel is charged the same on both.
        Assert.Equal([0, 0, 0, 1, 1], compiledAfter);
        Assert.Equal(1_000_000 - 5 * 400, store.Fuel);
    }

    [Fact]
    public void A_light_metered_module_stays_interpreted_past_the_call_threshold_and_a_heavy_one_compiles_at_its_second_call()
    {
        var engine = MeteredTiered(tierUpFuel: 1_000);
        var light = Module.Compile(engine, Metered);
        var lightWork = new Linker().Instantiate(new Store(engine) { Fuel = 1_000_000 }, light).GetFunction("work")!;
        for (int call = 0; call < 50; call++) lightWork.Invoke(Value.I64(3));
        Assert.Equal(0, IlTier.CompiledFunctionCount(light));

        var heavy = Module.Compile(engine, Metered);
        var heavyWork = new Linker().Instantiate(new Store(engine) { Fuel = 1_000_000 }, heavy).GetFunction("work")!;
        heavyWork.Invoke(Value.I64(5_000));
        Assert.Equal(0, IlTier.CompiledFunctionCount(heavy));
        heavyWork.Invoke(Value.I64(5_000));
        Assert.Equal(1, IlTier.CompiledFunctionCount(heavy));
    }

    private static Instance Instantiate(Engine engine, Module module) =>
        new Linker().DefineFunction("host", "reenter", new([Model.ValueType.I32, Model.ValueType.I32], [Model.ValueType.I32]),
            (_, _, _) => new Trap(TrapKind.Unreachable)).Instantiate(new Store(engine), module);
}
