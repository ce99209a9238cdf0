using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Tests.Support;
using Xunit;
using static Contracts.Engine.Tests.Validation.ValidationTestHelpers;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Validation;

/// <summary>Module-level rules: index spaces, limits, constant expressions, segments, start, exports.</summary>
public sealed class ModuleValidationTests
{
    [Fact]
    public void Empty_module_is_valid()
    {
        AssertValid(new WasmModuleBuilder());
    }

    [Fact]
    public void Function_and_import_type_indices_must_exist()
    {
        var function = new WasmModuleBuilder();
        function.AddFunction(3, Code().End());
        var error = AssertFails(function, WasmErrorKind.UnknownType);
        Assert.StartsWith("unknown type", error.Detail);

        var import = new WasmModuleBuilder();
        import.ImportFunction("env", "f", 0);
        AssertFails(import, WasmErrorKind.UnknownType);
    }

    [Fact]
    public void Memory_size_is_at_most_65536_pages()
    {
        var atLimit = new WasmModuleBuilder();
        atLimit.AddMemory(0, 65_536);
        AssertValid(atLimit);

        var above = new WasmModuleBuilder();
        above.AddMemory(65_537);
        var error = AssertFails(above, WasmErrorKind.MemorySizeTooLarge);
        Assert.StartsWith("memory size must be at most 65536 pages (4GiB)", error.Detail);

        var maxAbove = new WasmModuleBuilder();
        maxAbove.ImportMemory("env", "m", new MemoryType(new Limits(0, 0xFFFF_FFFF)));
        AssertFails(maxAbove, WasmErrorKind.MemorySizeTooLarge);
    }

    [Fact]
    public void Limits_minimum_must_not_exceed_maximum()
    {
        var memory = new WasmModuleBuilder();
        memory.AddMemory(2, 1);
        var error = AssertFails(memory, WasmErrorKind.InvalidLimits);
        Assert.StartsWith("size minimum must not be greater than maximum", error.Detail);

        var table = new WasmModuleBuilder();
        table.AddTable(ValueType.FuncRef, 10, 5);
        AssertFails(table, WasmErrorKind.InvalidLimits);

        var largeTable = new WasmModuleBuilder();
        largeTable.AddTable(ValueType.FuncRef, 0, 0xFFFF_FFFF);
        AssertValid(largeTable);
    }

    [Fact]
    public void At_most_one_memory()
    {
        var module = new WasmModuleBuilder();
        module.ImportMemory("env", "m", new MemoryType(new Limits(1, null)));
        module.AddMemory(1);
        var error = AssertFails(module, WasmErrorKind.MultipleMemories);
        Assert.StartsWith("multiple memories", error.Detail);
    }

    [Fact]
    public void Global_initializer_must_have_the_global_type()
    {
        var module = new WasmModuleBuilder();
        module.AddGlobal(ValueType.I64, false, ConstantExpression.I32(1));
        var error = AssertFails(module, WasmErrorKind.TypeMismatch);
        Assert.StartsWith("type mismatch", error.Detail);

        var funcref = new WasmModuleBuilder();
        funcref.AddGlobal(ValueType.ExternRef, false, ConstantExpression.RefNull(ValueType.FuncRef));
        AssertFails(funcref, WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Constant_global_get_reads_only_imported_immutable_globals()
    {
        var imported = new WasmModuleBuilder();
        imported.ImportGlobal("env", "g", new GlobalType(ValueType.I32, false));
        imported.AddGlobal(ValueType.I32, true, ConstantExpression.GlobalGet(0));
        AssertValid(imported);

        var defined = new WasmModuleBuilder();
        defined.AddGlobal(ValueType.I32, false, ConstantExpression.I32(0));
        defined.AddGlobal(ValueType.I32, false, ConstantExpression.GlobalGet(0));
        var error = AssertFails(defined, WasmErrorKind.UnknownGlobal);
        Assert.StartsWith("unknown global", error.Detail);

        var mutable = new WasmModuleBuilder();
        mutable.ImportGlobal("env", "g", new GlobalType(ValueType.I32, true));
        mutable.AddGlobal(ValueType.I32, false, ConstantExpression.GlobalGet(0));
        error = AssertFails(mutable, WasmErrorKind.ConstantExpressionRequired);
        Assert.StartsWith("constant expression required", error.Detail);

        var mistyped = new WasmModuleBuilder();
        mistyped.ImportGlobal("env", "g", new GlobalType(ValueType.F32, false));
        mistyped.AddGlobal(ValueType.I32, false, ConstantExpression.GlobalGet(0));
        AssertFails(mistyped, WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Constant_ref_func_must_name_a_function()
    {
        var module = new WasmModuleBuilder();
        module.AddGlobal(ValueType.FuncRef, false, ConstantExpression.RefFunc(0));
        AssertFails(module, WasmErrorKind.UnknownFunction);
    }

    [Fact]
    public void Active_element_segment_needs_a_table_of_its_type_and_an_i32_offset()
    {
        var valid = new WasmModuleBuilder();
        valid.AddTable(ValueType.FuncRef, 1);
        valid.AddFunction(None, None, Code().End());
        valid.ActiveElements(0, ConstantExpression.I32(0), ValueType.FuncRef, ConstantExpression.RefFunc(0), ConstantExpression.RefNull(ValueType.FuncRef));
        AssertValid(valid);

        var noTable = new WasmModuleBuilder();
        noTable.ActiveElements(0, ConstantExpression.I32(0), ValueType.FuncRef);
        var error = AssertFails(noTable, WasmErrorKind.UnknownTable);
        Assert.StartsWith("unknown table", error.Detail);

        var wrongTable = new WasmModuleBuilder();
        wrongTable.AddTable(ValueType.ExternRef, 1);
        wrongTable.ActiveElements(0, ConstantExpression.I32(0), ValueType.FuncRef);
        AssertFails(wrongTable, WasmErrorKind.TypeMismatch);

        var i64Offset = new WasmModuleBuilder();
        i64Offset.AddTable(ValueType.FuncRef, 1);
        i64Offset.ActiveElements(0, ConstantExpression.I64(0), ValueType.FuncRef);
        AssertFails(i64Offset, WasmErrorKind.TypeMismatch);

        var wrongItem = new WasmModuleBuilder();
        wrongItem.PassiveElements(ValueType.ExternRef, ConstantExpression.RefNull(ValueType.FuncRef));
        AssertFails(wrongItem, WasmErrorKind.TypeMismatch);

        var unknownFunction = new WasmModuleBuilder();
        unknownFunction.DeclarativeElements(ValueType.FuncRef, ConstantExpression.RefFunc(4));
        AssertFails(unknownFunction, WasmErrorKind.UnknownFunction);
    }

    [Fact]
    public void Active_data_segment_needs_a_memory_and_an_i32_offset()
    {
        var valid = new WasmModuleBuilder();
        valid.ImportGlobal("env", "base", new GlobalType(ValueType.I32, false));
        valid.AddMemory(1);
        valid.ActiveData(0, ConstantExpression.GlobalGet(0), [1, 2]);
        AssertValid(valid);

        var noMemory = new WasmModuleBuilder();
        noMemory.ActiveData(0, ConstantExpression.I32(0), [1]);
        var error = AssertFails(noMemory, WasmErrorKind.UnknownMemory);
        Assert.StartsWith("unknown memory", error.Detail);

        var f32Offset = new WasmModuleBuilder();
        f32Offset.AddMemory(1);
        f32Offset.ActiveData(0, ConstantExpression.F32Bits(0), [1]);
        AssertFails(f32Offset, WasmErrorKind.TypeMismatch);

        var definedGlobalOffset = new WasmModuleBuilder();
        definedGlobalOffset.AddMemory(1);
        definedGlobalOffset.AddGlobal(ValueType.I32, false, ConstantExpression.I32(0));
        definedGlobalOffset.ActiveData(0, ConstantExpression.GlobalGet(0), [1]);
        AssertFails(definedGlobalOffset, WasmErrorKind.UnknownGlobal);

        var passiveWithoutMemory = new WasmModuleBuilder();
        passiveWithoutMemory.PassiveData([1]);
        AssertValid(passiveWithoutMemory);
    }

    [Fact]
    public void Data_count_must_match_the_data_segments()
    {
        var module = new WasmModuleBuilder();
        module.PassiveData([1]);
        module.WithDataCount(2);
        AssertFails(module, WasmErrorKind.DataCountMismatch);
    }

    [Fact]
    public void Start_function_must_exist_and_take_and_return_nothing()
    {
        var valid = Function(None, None, Code().End());
        valid.Start(0);
        AssertValid(valid);

        var unknown = Function(None, None, Code().End());
        unknown.Start(1);
        AssertFails(unknown, WasmErrorKind.UnknownFunction);

        var withResult = Function(None, I32, Code().I32Const(0).End());
        withResult.Start(0);
        var error = AssertFails(withResult, WasmErrorKind.InvalidStartFunction);
        Assert.StartsWith("start function", error.Detail);

        var imported = new WasmModuleBuilder();
        imported.ImportFunction("env", "f", imported.AddType(I32, None));
        imported.Start(0);
        AssertFails(imported, WasmErrorKind.InvalidStartFunction);
    }

    [Fact]
    public void Export_names_are_unique_and_indices_exist()
    {
        var module = Function(None, None, Code().End());
        module.AddMemory(1);
        module.Export("a", ExternalKind.Function, 0).Export("b", ExternalKind.Memory, 0);
        AssertValid(module);

        var duplicate = Function(None, None, Code().End());
        duplicate.Export("a", ExternalKind.Function, 0).Export("a", ExternalKind.Function, 0);
        var error = AssertFails(duplicate, WasmErrorKind.DuplicateExport);
        Assert.StartsWith("duplicate export name", error.Detail);

        AssertFails(new WasmModuleBuilder().Export("t", ExternalKind.Table, 0), WasmErrorKind.UnknownTable);
        AssertFails(new WasmModuleBuilder().Export("g", ExternalKind.Global, 0), WasmErrorKind.UnknownGlobal);
        AssertFails(new WasmModuleBuilder().Export("m", ExternalKind.Memory, 0), WasmErrorKind.UnknownMemory);
        AssertFails(new WasmModuleBuilder().Export("f", ExternalKind.Function, 0), WasmErrorKind.UnknownFunction);
    }

    [Fact]
    public void Export_names_differing_only_in_normalization_are_distinct()
    {
        var module = Function(None, None, Code().End());
        module.Export("\u00e9", ExternalKind.Function, 0).Export("e\u0301", ExternalKind.Function, 0);
        AssertValid(module);
    }

    [Fact]
    public void Simd_value_types_are_an_unsupported_feature_when_the_flag_is_off()
    {
        var off = ValidationLimits.Permissive with { AllowSimd = false };
        var type = new WasmModuleBuilder();
        type.AddType([ValueType.V128], None);
        AssertFails(type, WasmErrorKind.UnsupportedFeature, off);
        AssertValid(type);

        var global = new WasmModuleBuilder();
        global.ImportGlobal("env", "v", new GlobalType(ValueType.V128, false));
        AssertFails(global, WasmErrorKind.UnsupportedFeature, off);
        AssertValid(global);
    }
}
