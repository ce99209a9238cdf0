using Contracts.Engine.Binary;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Tests.Support;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Runtime;

/// <summary>WebAssembly 2.0 instantiation: limits, segment order, partial writes, globals and the start function.</summary>
public sealed class InstantiationTests
{
    private readonly Engine _engine = new(EngineConfig.Default with { MaxValueStackSlots = 4096, MaxMemoryPages = 4, MaxTableElements = 100 });

    [Fact]
    public void Memory_minimum_above_the_engine_limit_fails_instantiation()
    {
        var builder = new WasmModuleBuilder();
        builder.AddMemory(5);

        var e = Assert.Throws<InstantiationException>(() => builder.Instantiate(_engine));

        Assert.IsType<InstantiationException>(e);
        Assert.Contains("5 pages", e.Message);
        Assert.Contains("limit of 4 pages", e.Message);
    }

    [Fact]
    public void Table_minimum_above_the_engine_limit_fails_instantiation()
    {
        var builder = new WasmModuleBuilder();
        builder.AddTable(ValueType.FuncRef, 101);

        var e = Assert.Throws<InstantiationException>(() => builder.Instantiate(_engine));

        Assert.IsType<InstantiationException>(e);
        Assert.Contains("101 elements", e.Message);
    }

    [Fact]
    public void Declared_maximum_above_the_engine_limit_is_capped_not_refused()
    {
        var builder = new WasmModuleBuilder();
        builder.Export("memory", ExternalKind.Memory, builder.AddMemory(1, 1000));

        var memory = builder.Instantiate(_engine).GetMemory("memory")!;

        Assert.Equal(4u, memory.MaxPages);
        Assert.Equal(1, memory.Grow(3));
        Assert.Equal(-1, memory.Grow(1));
    }

    [Fact]
    public void Element_segment_that_does_not_fit_writes_nothing_and_earlier_segments_stay()
    {
        var store = new Store(_engine);
        var table = Table.Create(store, new TableType(ValueType.FuncRef, new Limits(10, null)), Value.NullRef(ValueType.FuncRef));
        var builder = new WasmModuleBuilder();
        builder.ImportTable("host", "table", ValueType.FuncRef, 10);
        var f = builder.AddFunction(builder.AddType([], []), new CodeBuilder().End());
        builder.ActiveElements(0, ConstantExpression.I32(0), f);
        builder.ActiveElements(0, ConstantExpression.I32(9), f, f);
        var linker = new Linker().Define("host", "table", table);

        var e = Assert.Throws<InstantiationTrapException>(() => linker.Instantiate(store, builder.Compile(_engine)));

        Assert.Equal(TrapKind.TableOutOfBounds, e.Kind);
        Assert.StartsWith("out of bounds table access", e.Trap.Message);
        Assert.False(table.Get(0).IsNull);
        Assert.True(table.Get(9).IsNull);
    }

    [Fact]
    public void Data_segment_that_does_not_fit_writes_nothing_and_earlier_segments_stay()
    {
        var store = new Store(_engine);
        var memory = Memory.Create(store, new MemoryType(new Limits(1, null)));
        var builder = new WasmModuleBuilder();
        builder.ImportMemory("host", "memory", 1);
        builder.ActiveData(0, ConstantExpression.I32(0), "ab"u8.ToArray());
        builder.ActiveData(0, ConstantExpression.I32(Memory.PageSize - 1), "cd"u8.ToArray());
        var linker = new Linker().Define("host", "memory", memory);

        var e = Assert.Throws<InstantiationTrapException>(() => linker.Instantiate(store, builder.Compile(_engine)));

        Assert.Equal(TrapKind.MemoryOutOfBounds, e.Kind);
        Assert.StartsWith("out of bounds memory access", e.Trap.Message);
        Assert.Equal("ab"u8.ToArray(), memory.ReadBytes(0, 2));
        Assert.Equal(0, memory.ReadBytes(Memory.PageSize - 1, 1)[0]);
    }

    [Fact]
    public void Element_segments_are_applied_before_data_segments()
    {
        var store = new Store(_engine);
        var memory = Memory.Create(store, new MemoryType(new Limits(1, null)));
        var builder = new WasmModuleBuilder();
        builder.ImportMemory("host", "memory", 1);
        builder.AddTable(ValueType.FuncRef, 1);
        var f = builder.AddFunction(builder.AddType([], []), new CodeBuilder().End());
        builder.ActiveData(0, ConstantExpression.I32(0), "ab"u8.ToArray());
        builder.ActiveElements(0, ConstantExpression.I32(1), f);
        var linker = new Linker().Define("host", "memory", memory);

        var e = Assert.Throws<InstantiationTrapException>(() => linker.Instantiate(store, builder.Compile(_engine)));

        Assert.Equal(TrapKind.TableOutOfBounds, e.Kind);
        Assert.Equal(new byte[2], memory.ReadBytes(0, 2));
    }

    [Fact]
    public void Empty_segment_past_the_end_still_traps()
    {
        var builder = new WasmModuleBuilder();
        builder.AddMemory(1);
        builder.ActiveData(0, ConstantExpression.I32(Memory.PageSize + 1), []);

        var e = Assert.Throws<InstantiationTrapException>(() => builder.Instantiate(_engine));

        Assert.Equal(TrapKind.MemoryOutOfBounds, e.Kind);
    }

    [Fact]
    public void Empty_segment_at_the_end_fits()
    {
        var builder = new WasmModuleBuilder();
        builder.AddMemory(1);
        builder.AddTable(ValueType.FuncRef, 2);
        builder.ActiveData(0, ConstantExpression.I32(Memory.PageSize), []);
        builder.ActiveElements(0, ConstantExpression.I32(2));

        Assert.NotNull(builder.Instantiate(_engine));
    }

    [Fact]
    public void Globals_are_initialised_from_imported_globals_and_function_references()
    {
        var store = new Store(_engine);
        var builder = new WasmModuleBuilder();
        var imported = builder.ImportGlobal("host", "seed", ValueType.I64, false);
        var f = builder.AddFunction(builder.AddType([], []), new CodeBuilder().End());
        builder.Export("copy", ExternalKind.Global, builder.AddGlobal(ValueType.I64, false, ConstantExpression.GlobalGet(imported)));
        builder.Export("ref", ExternalKind.Global, builder.AddGlobal(ValueType.FuncRef, false, ConstantExpression.RefFunc(f)));
        builder.Export("f", ExternalKind.Function, f);
        var linker = new Linker().Define("host", "seed", Global.Create(store, new GlobalType(ValueType.I64, false), Value.I64(-9)));

        var instance = linker.Instantiate(store, builder.Compile(_engine));

        Assert.Equal(-9, instance.GetGlobal("copy")!.Get().AsI64());
        Assert.Same(instance.GetFunction("f"), instance.GetGlobal("ref")!.Get().Reference);
    }

    [Fact]
    public void Start_function_runs_after_the_segments()
    {
        var builder = new WasmModuleBuilder();
        builder.AddMemory(1);
        var copied = builder.AddGlobal(ValueType.I32, true, ConstantExpression.I32(0));
        builder.Export("copied", ExternalKind.Global, copied);
        var start = builder.AddFunction(builder.AddType([], []),
            new CodeBuilder().I32Const(3).Memory(Opcode.I32Load8U, 0).GlobalSet(copied).End());
        builder.Start(start);
        builder.ActiveData(0, ConstantExpression.I32(3), [42]);

        var instance = builder.Instantiate(_engine);

        Assert.Equal(42, instance.GetGlobal("copied")!.Get().AsI32());
    }

    [Fact]
    public void Trapping_start_function_fails_instantiation_with_the_trap()
    {
        var builder = new WasmModuleBuilder();
        builder.Start(builder.AddFunction(builder.AddType([], []), new CodeBuilder().Unreachable().End()));

        var e = Assert.Throws<InstantiationTrapException>(() => builder.Instantiate(_engine));

        Assert.Equal(TrapKind.Unreachable, e.Kind);
    }
}
