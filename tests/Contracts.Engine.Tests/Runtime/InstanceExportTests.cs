using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using Contracts.Engine.Tests.Support;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Runtime;

public sealed class InstanceExportTests
{
    private readonly Engine _engine = new(EngineConfig.Default with { MaxValueStackSlots = 4096 });

    [Fact]
    public void Exports_keep_module_order_and_are_found_by_exact_name_and_kind()
    {
        var builder = new WasmModuleBuilder();
        builder.Export("mem", ExternalKind.Memory, builder.AddMemory(1));
        builder.Export("f", ExternalKind.Function, builder.AddFunction(builder.AddType([], []), new CodeBuilder().End()));
        builder.Export("g", ExternalKind.Global, builder.AddGlobal(ValueType.I32, false, ConstantExpression.I32(1)));
        builder.Export("t", ExternalKind.Table, builder.AddTable(ValueType.ExternRef, 1));
        builder.Export("a b\u0000", ExternalKind.Function, 0);

        var instance = builder.Instantiate(_engine);

        Assert.Equal(["mem", "f", "g", "t", "a b\u0000"], instance.Exports.Select(e => e.Name));
        Assert.Same(instance.Exports[0].Item, instance.GetMemory("mem"));
        Assert.Same(instance.GetFunction("f"), instance.GetFunction("a b\u0000"));
        Assert.NotNull(instance.GetGlobal("g"));
        Assert.NotNull(instance.GetTable("t"));
        Assert.Null(instance.GetFunction("mem"));
        Assert.Null(instance.GetExport("F"));
        Assert.Null(instance.GetExport("a b"));
    }

    [Fact]
    public void Exported_function_belongs_to_the_instance_store()
    {
        var builder = new WasmModuleBuilder();
        builder.Export("f", ExternalKind.Function, builder.AddFunction(builder.AddType([ValueType.I32], [ValueType.I32]), new CodeBuilder().LocalGet(0).End()));
        var store = new Store(_engine);

        var function = new Linker().Instantiate(store, builder.Compile(_engine)).GetFunction("f")!;

        Assert.Same(store, function.Store);
        Assert.False(function.IsHost);
        Assert.Equal(new FunctionType([ValueType.I32], [ValueType.I32]), function.Type);
    }
}
