using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Tests.Support;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Runtime;

/// <summary>Import resolution: by module and field name, exact type, spec limits matching, one store.</summary>
public sealed class LinkerTests
{
    private readonly Engine _engine = new(EngineConfig.Default with { MaxValueStackSlots = 4096, FuelImport = ("gas", "charge") });

    private static Trap? Nothing(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results) => null;

    private Module ImportingFunction(string module, string name, ValueType[] parameters, ValueType[] results)
    {
        var builder = new WasmModuleBuilder();
        builder.ImportFunction(module, name, builder.AddType(parameters, results));
        return builder.Compile(_engine);
    }

    [Fact]
    public void Missing_import_is_unknown_and_names_module_field_and_type()
    {
        var module = ImportingFunction("env", "log", [ValueType.I32], []);

        var e = Assert.Throws<LinkException>(() => new Linker().Instantiate(new Store(_engine), module));

        Assert.Equal("env", e.ModuleName);
        Assert.Equal("log", e.FieldName);
        Assert.StartsWith("unknown import \"env\".\"log\"", e.Message);
        Assert.Contains("func [i32] -> []", e.Message);
        Assert.Equal("func [i32] -> []", e.Expected);
        Assert.Null(e.Actual);
    }

    [Fact]
    public void Function_with_another_signature_is_incompatible_and_both_types_are_named()
    {
        var module = ImportingFunction("env", "log", [ValueType.I32], []);
        var linker = new Linker().DefineFunction("env", "log", new FunctionType([ValueType.I64], []), Nothing);

        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(_engine), module));

        Assert.Equal("incompatible import type for \"env\".\"log\": expected func [i32] -> [], found func [i64] -> []", e.Message);
        Assert.Equal("func [i32] -> []", e.Expected);
        Assert.Equal("func [i64] -> []", e.Actual);
    }

    [Fact]
    public void Item_of_another_kind_is_incompatible()
    {
        var store = new Store(_engine);
        var module = ImportingFunction("env", "log", [], []);
        var linker = new Linker().Define("env", "log", Memory.Create(store, new MemoryType(new Limits(1, null))));

        var e = Assert.Throws<LinkException>(() => linker.Instantiate(store, module));

        Assert.Contains("expected func [] -> [], found memory 1..", e.Message);
    }

    [Theory]
    [InlineData(10u, null, true)]
    [InlineData(11u, null, false)]
    [InlineData(10u, 20u, true)]
    [InlineData(5u, 30u, true)]
    [InlineData(10u, 15u, false)]
    public void Table_import_matches_spec_limits_against_a_10_to_20_table(uint min, uint? max, bool links)
    {
        var store = new Store(_engine);
        var builder = new WasmModuleBuilder();
        builder.ImportTable("host", "table", ValueType.FuncRef, min, max);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "table",
            Table.Create(store, new TableType(ValueType.FuncRef, new Limits(10, 20)), Value.NullRef(ValueType.FuncRef)));

        AssertLinks(links, () => linker.Instantiate(store, module), "found table funcref 10..20");
    }

    [Fact]
    public void Table_without_maximum_does_not_match_an_import_with_one()
    {
        var store = new Store(_engine);
        var builder = new WasmModuleBuilder();
        builder.ImportTable("host", "table", ValueType.FuncRef, 1, 100);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "table",
            Table.Create(store, new TableType(ValueType.FuncRef, new Limits(1, null)), Value.NullRef(ValueType.FuncRef)));

        AssertLinks(false, () => linker.Instantiate(store, module), "expected table funcref 1..100, found table funcref 1..");
    }

    [Fact]
    public void Table_of_another_element_type_is_incompatible()
    {
        var store = new Store(_engine);
        var builder = new WasmModuleBuilder();
        builder.ImportTable("host", "table", ValueType.FuncRef, 1);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "table",
            Table.Create(store, new TableType(ValueType.ExternRef, new Limits(1, null)), Value.NullRef(ValueType.ExternRef)));

        AssertLinks(false, () => linker.Instantiate(store, module), "found table externref 1..");
    }

    [Theory]
    [InlineData(1u, null, true)]
    [InlineData(2u, null, false)]
    [InlineData(1u, 2u, true)]
    [InlineData(0u, 3u, true)]
    [InlineData(1u, 1u, false)]
    public void Memory_import_matches_spec_limits_against_a_1_to_2_memory(uint min, uint? max, bool links)
    {
        var store = new Store(_engine);
        var builder = new WasmModuleBuilder();
        builder.ImportMemory("host", "memory", min, max);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "memory", Memory.Create(store, new MemoryType(new Limits(1, 2))));

        AssertLinks(links, () => linker.Instantiate(store, module), "found memory 1..2");
    }

    [Fact]
    public void Memory_import_is_matched_against_the_current_size()
    {
        var store = new Store(_engine);
        var memory = Memory.Create(store, new MemoryType(new Limits(1, 2)));
        var builder = new WasmModuleBuilder();
        builder.ImportMemory("host", "memory", 2, 2);
        builder.Export("memory", ExternalKind.Memory, 0);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "memory", memory);

        AssertLinks(false, () => linker.Instantiate(store, module), "found memory 1..2");
        Assert.Equal(1, memory.Grow(1));
        Assert.Same(memory, linker.Instantiate(store, module).GetMemory("memory"));
    }

    [Theory]
    [InlineData(ValueType.I32, false, true)]
    [InlineData(ValueType.I32, true, false)]
    [InlineData(ValueType.I64, false, false)]
    public void Global_import_needs_equal_value_type_and_mutability(ValueType type, bool mutable, bool links)
    {
        var store = new Store(_engine);
        var builder = new WasmModuleBuilder();
        builder.ImportGlobal("host", "g", type, mutable);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "g", Global.Create(store, new GlobalType(ValueType.I32, false), Value.I32(1)));

        AssertLinks(links, () => linker.Instantiate(store, module), "found global const i32");
    }

    [Fact]
    public void Function_of_another_store_cannot_be_imported()
    {
        var module = ImportingFunction("env", "f", [], []);
        var foreign = Function.Create(new Store(_engine), FunctionType.Empty, Nothing);
        var linker = new Linker().Define("env", "f", foreign);

        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(_engine), module));
        Assert.Contains("different store", e.Message);
    }

    [Fact]
    public void Host_made_memory_belongs_to_the_first_store_that_links_it()
    {
        var builder = new WasmModuleBuilder();
        builder.ImportMemory("host", "memory", 1);
        var module = builder.Compile(_engine);
        var linker = new Linker().Define("host", "memory", new Memory(new MemoryType(new Limits(1, null))));

        linker.Instantiate(new Store(_engine), module);
        var e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(_engine), module));
        Assert.Contains("different store", e.Message);
    }

    [Fact]
    public void Host_function_definition_becomes_one_function_per_store()
    {
        var builder = new WasmModuleBuilder();
        var f = builder.ImportFunction("env", "f", builder.AddType([], []));
        builder.Export("f", ExternalKind.Function, f);
        var module = builder.Compile(_engine);
        var linker = new Linker().DefineFunction("env", "f", FunctionType.Empty, Nothing);
        var store = new Store(_engine);
        var otherStore = new Store(_engine);

        var first = linker.Instantiate(store, module).GetFunction("f");
        var second = linker.Instantiate(store, module).GetFunction("f");
        var third = linker.Instantiate(otherStore, module).GetFunction("f");

        Assert.NotNull(first);
        Assert.True(first.IsHost);
        Assert.Same(first, second);
        Assert.Same(first, linker.Get(store, "env", "f"));
        Assert.NotSame(first, third);
        Assert.Same(otherStore, third!.Store);
    }

    [Fact]
    public void Redefinition_is_refused_unless_shadowing_is_allowed()
    {
        var linker = new Linker().DefineFunction("env", "f", FunctionType.Empty, Nothing);

        Assert.Throws<ArgumentException>(() => linker.DefineFunction("env", "f", FunctionType.Empty, Nothing));
        linker.AllowShadowing = true;
        linker.DefineFunction("env", "f", new FunctionType([ValueType.I32], []), Nothing);
        Assert.Equal(new FunctionType([ValueType.I32], []), ((Function)linker.Get(new Store(_engine), "env", "f")!).Type);
    }

    [Fact]
    public void Defined_instance_exports_everything_under_one_module_name()
    {
        var store = new Store(_engine);
        var exporter = new WasmModuleBuilder();
        exporter.Export("mem", ExternalKind.Memory, exporter.AddMemory(1));
        exporter.Export("g", ExternalKind.Global, exporter.AddGlobal(ValueType.I32, true, ConstantExpression.I32(42)));
        var provider = new Linker().Instantiate(store, exporter.Compile(_engine));

        var importer = new WasmModuleBuilder();
        importer.Export("mem", ExternalKind.Memory, importer.ImportMemory("provider", "mem", 1));
        importer.Export("g", ExternalKind.Global, importer.ImportGlobal("provider", "g", ValueType.I32, true));
        var consumer = new Linker().DefineInstance("provider", provider).Instantiate(store, importer.Compile(_engine));

        Assert.Same(provider.GetMemory("mem"), consumer.GetMemory("mem"));
        Assert.Same(provider.GetGlobal("g"), consumer.GetGlobal("g"));
        Assert.Equal(42, consumer.GetGlobal("g")!.Get().AsI32());
    }

    [Fact]
    public void Fuel_import_needs_no_definition()
    {
        var builder = new WasmModuleBuilder();
        var charge = builder.ImportFunction("gas", "charge", builder.AddType([ValueType.I64], []));
        builder.Export("charge", ExternalKind.Function, charge);

        var instance = builder.Instantiate(_engine);

        Assert.Equal(Store.FuelImportType, instance.GetFunction("charge")!.Type);
    }

    [Fact]
    public void Fuel_import_type_cannot_be_altered_through_the_public_copy()
    {
        Store.FuelImportType.Parameters[0] = ValueType.F32;

        Assert.Equal(new FunctionType([ValueType.I64], []), Store.FuelImportType);
    }

    [Fact]
    public void Fuel_import_of_another_type_is_incompatible()
    {
        var module = ImportingFunction("gas", "charge", [ValueType.I32], []);

        var e = Assert.Throws<LinkException>(() => new Linker().Instantiate(new Store(_engine), module));

        Assert.Equal("incompatible import type for \"gas\".\"charge\": expected func [i32] -> [], found the fuel intrinsic func [i64] -> []", e.Message);
    }

    [Fact]
    public void Module_of_another_engine_is_refused()
    {
        var module = new WasmModuleBuilder().Compile(new Engine());

        Assert.Throws<ArgumentException>(() => new Linker().Instantiate(new Store(_engine), module));
    }

    private static void AssertLinks(bool links, Func<Instance> instantiate, string mismatchText)
    {
        if (links)
        {
            Assert.NotNull(instantiate());
            return;
        }
        var e = Assert.Throws<LinkException>(() => instantiate());
        Assert.StartsWith("incompatible import type", e.Message);
        Assert.Contains(mismatchText, e.Message);
    }
}
