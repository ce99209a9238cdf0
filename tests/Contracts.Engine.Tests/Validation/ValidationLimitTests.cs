using System.Diagnostics;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Tests.Support;
using Contracts.Engine.Validation;
using Xunit;
using static Contracts.Engine.Tests.Validation.ValidationTestHelpers;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Validation;

/// <summary>
/// Implementation limits of both profiles, and hostile modules at the edge of the permissive profile, which must
/// validate (or fail with a limit error) quickly. The time bound is loose on purpose: it only catches
/// super-linear behaviour, which on these sizes would take minutes.
/// </summary>
public sealed class ValidationLimitTests
{
    private static readonly TimeSpan QuickEnough = TimeSpan.FromSeconds(20);

    private static void AssertValidQuickly(WasmModuleBuilder module, ValidationLimits? limits = null)
    {
        var info = module.ToModuleInfo();
        var watch = Stopwatch.StartNew();
        ModuleValidator.Validate(info, limits ?? ValidationLimits.Permissive);
        Assert.True(watch.Elapsed < QuickEnough, $"validation took {watch.Elapsed}");
    }

    private static WasmLoadException AssertLimit(WasmModuleBuilder module, string limitName, ValidationLimits limits)
    {
        var info = module.ToModuleInfo();
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(info, limits));
        Assert.True(watch.Elapsed < QuickEnough, $"failing took {watch.Elapsed}");
        Assert.Equal(WasmErrorKind.ImplementationLimit, error.Kind);
        Assert.Contains(limitName, error.Detail);
        Assert.Contains($"'{limits.Name}'", error.Detail);
        return error;
    }

    [Fact]
    public void Module_with_100000_functions_validates()
    {
        var module = new WasmModuleBuilder();
        uint type = module.AddType(None, None);
        for (int i = 0; i < 100_000; i++) module.AddFunction(type, Code().End());
        AssertValidQuickly(module);
        AssertLimit(module, nameof(ValidationLimits.MaxFunctions), ValidationLimits.Contract);
    }

    [Fact]
    public void Function_with_50000_locals_validates_and_one_more_is_a_limit()
    {
        AssertValidQuickly(Function(I32, I64, Code().LocalGet(49_999).End(), new LocalGroup(49_999, ValueType.I64)));
        AssertLimit(Function(I32, None, Code().End(), new LocalGroup(50_000, ValueType.I64)), nameof(ValidationLimits.MaxLocals), ValidationLimits.Permissive);
    }

    [Fact]
    public void Function_with_50000_local_groups_finds_each_local_type()
    {
        var groups = new LocalGroup[50_000];
        for (int i = 0; i < groups.Length; i++) groups[i] = new LocalGroup(1, i % 2 == 0 ? ValueType.I32 : ValueType.F64);
        var code = Code();
        for (uint i = 0; i < 50_000; i += 97) code.LocalGet(i).LocalSet(i);
        code.LocalGet(49_998).Op(Opcode.I32Eqz).Drop().LocalGet(49_999).Op(Opcode.F64Neg).Drop().End();
        AssertValidQuickly(Function(None, None, code, groups));

        AssertFails(Function(None, None, Code().LocalGet(1).Op(Opcode.I32Eqz).Drop().End(), groups), WasmErrorKind.TypeMismatch);
    }

    [Fact]
    public void Many_functions_with_many_locals_hit_the_total_locals_limit()
    {
        var module = new WasmModuleBuilder();
        uint type = module.AddType(None, None);
        for (int i = 0; i < 1_001; i++) module.AddFunction(type, Code().End(), new LocalGroup(50_000 - 1, ValueType.I32));
        AssertLimit(module, nameof(ValidationLimits.MaxTotalLocals), ValidationLimits.Permissive);
    }

    [Fact]
    public void Br_table_with_1000000_targets_validates()
    {
        var targets = new uint[1_000_000];
        for (int i = 0; i < targets.Length; i++) targets[i] = (uint)(i % 3);
        var code = Code().Block().Block().Block().I32Const(0).BrTable(targets, 2).End().End().End().End();
        AssertValidQuickly(Function(None, None, code));
        var fewTargets = ValidationLimits.Permissive with { Name = "few-targets", MaxBrTableTargets = 999_999 };
        AssertLimit(Function(None, None, code), nameof(ValidationLimits.MaxBrTableTargets), fewTargets);
    }

    [Fact]
    public void Br_table_to_many_multi_value_labels_costs_one_check_per_label_type()
    {
        var module = new WasmModuleBuilder();
        var hundred = Enumerable.Repeat(ValueType.I32, 100).ToArray();
        uint type = module.AddType(None, hundred);
        var code = Code();
        for (int i = 0; i < 1_000; i++) code.BlockOfType(type);
        for (int i = 0; i < 100; i++) code.I32Const(i);
        var targets = new uint[1_000_000];
        for (int i = 0; i < targets.Length; i++) targets[i] = (uint)(i % 1_000);
        code.I32Const(0).BrTable(targets, 0);
        for (int i = 0; i < 1_000; i++) code.End();
        code.End();
        module.AddFunction(type, code);
        AssertValidQuickly(module);
    }

    [Fact]
    public void Br_table_target_count_is_checked_before_reading_the_targets()
    {
        // Claims 2^32 - 1 targets and provides none.
        var code = Code().Block().I32Const(0).Op(Opcode.BrTable).U32(uint.MaxValue).End().End();
        AssertLimit(Function(None, None, code), nameof(ValidationLimits.MaxBrTableTargets), ValidationLimits.Permissive);
        // Within the limit but truncated: an unexpected end, not a huge allocation.
        AssertFails(Function(None, None, Code().Block().I32Const(0).Op(Opcode.BrTable).U32(1_000_000).U32(0)), WasmErrorKind.UnexpectedEnd);
    }

    [Fact]
    public void Nesting_of_10000_blocks_validates_and_deeper_is_a_limit()
    {
        var code = Code();
        for (int i = 0; i < 10_000; i++) code.Block();
        for (int i = 0; i < 10_000; i++) code.End();
        AssertValidQuickly(Function(None, None, code.End()));

        var deeper = Code();
        for (int i = 0; i < 1_000_000; i++) deeper.Loop();
        for (int i = 0; i < 1_000_000; i++) deeper.End();
        AssertLimit(Function(None, None, deeper.End()), nameof(ValidationLimits.MaxNestingDepth), ValidationLimits.Permissive);
        AssertLimit(Function(None, None, code), nameof(ValidationLimits.MaxNestingDepth), ValidationLimits.Contract);
    }

    [Fact]
    public void Operand_stack_deeper_than_the_limit_fails()
    {
        WasmModuleBuilder Pushes(int count)
        {
            var code = Code();
            for (int i = 0; i < count; i++) code.I32Const(0);
            for (int i = 0; i < count; i++) code.Drop();
            return Function(None, None, code.End());
        }

        AssertValidQuickly(Pushes(100_000));
        AssertLimit(Pushes(100_001), nameof(ValidationLimits.MaxOperandStackDepth), ValidationLimits.Permissive);
        AssertValid(Pushes(1_024), ValidationLimits.Contract);
        AssertLimit(Pushes(1_025), nameof(ValidationLimits.MaxOperandStackDepth), ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_limits_body_size()
    {
        var code = Code();
        for (int i = 0; i < 200_000; i++) code.Nop();
        var module = Function(None, None, code.End());
        AssertValid(module);
        AssertLimit(module, nameof(ValidationLimits.MaxFunctionBodySize), ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_limits_function_types()
    {
        var parameters = new WasmModuleBuilder();
        parameters.AddType(Enumerable.Repeat(ValueType.I32, 33).ToArray(), None);
        AssertValid(parameters);
        AssertLimit(parameters, nameof(ValidationLimits.MaxParameters), ValidationLimits.Contract);

        var results = new WasmModuleBuilder();
        results.AddType(None, I32);
        AssertValid(results, ValidationLimits.Contract);
        results.AddType(None, [ValueType.I32, ValueType.I32]);
        AssertLimit(results, nameof(ValidationLimits.MaxResults), ValidationLimits.Contract);

        var types = new WasmModuleBuilder();
        for (int i = 0; i < 1_025; i++) types.AddType(None, None);
        AssertLimit(types, nameof(ValidationLimits.MaxTypes), ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_limits_total_parameters()
    {
        var module = new WasmModuleBuilder();
        uint type = module.AddType(Enumerable.Repeat(ValueType.I64, 30).ToArray(), None);
        for (int i = 0; i < 334; i++) module.AddFunction(type, Code().Unreachable().Unreachable().Unreachable().Unreachable().End());
        AssertLimit(module, nameof(ValidationLimits.MaxTotalParameters), ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_limits_tables_memories_globals_and_imports()
    {
        var tables = new WasmModuleBuilder();
        tables.AddTable(ValueType.FuncRef, 1);
        tables.AddTable(ValueType.FuncRef, 1);
        AssertLimit(tables, nameof(ValidationLimits.MaxTables), ValidationLimits.Contract);

        var tableSize = new WasmModuleBuilder();
        tableSize.AddTable(ValueType.FuncRef, 2_501);
        AssertLimit(tableSize, nameof(ValidationLimits.MaxTableSize), ValidationLimits.Contract);

        var memory = new WasmModuleBuilder();
        memory.ImportMemory("env", "memory", new MemoryType(new Limits(513, null)));
        AssertLimit(memory, nameof(ValidationLimits.MaxMemoryPages), ValidationLimits.Contract);

        var globals = new WasmModuleBuilder();
        for (int i = 0; i < 1_001; i++) globals.AddGlobal(ValueType.I32, true, ConstantExpression.I32(i));
        AssertLimit(globals, nameof(ValidationLimits.MaxGlobals), ValidationLimits.Contract);

        var imports = new WasmModuleBuilder();
        uint type = imports.AddType(None, None);
        for (int i = 0; i < 101; i++) imports.ImportFunction("env", $"f{i}", type);
        AssertLimit(imports, nameof(ValidationLimits.MaxImports), ValidationLimits.Contract);

        var segments = new WasmModuleBuilder();
        for (int i = 0; i < 1_001; i++) segments.PassiveData([]);
        AssertLimit(segments, nameof(ValidationLimits.MaxDataSegments), ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_rejects_swarms_of_tiny_functions()
    {
        var module = new WasmModuleBuilder();
        uint type = module.AddType(None, None);
        for (int i = 0; i < 600; i++) module.AddFunction(type, Code().End());
        AssertValid(module);
        AssertLimit(module, nameof(ValidationLimits.MinAverageBodySize), ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_limits_module_size()
    {
        var module = new WasmModuleBuilder();
        module.PassiveData(new byte[800 * 1024]);
        AssertLimit(module, nameof(ValidationLimits.MaxModuleSize), ValidationLimits.Contract);
    }

    [Fact]
    public void Typical_contract_shape_passes_the_contract_profile()
    {
        var module = new WasmModuleBuilder();
        uint charge = module.ImportFunction("gas", "charge", module.AddType(I64, None));
        module.AddMemory(17);
        module.AddTable(ValueType.FuncRef, 4, 4);
        module.AddGlobal(ValueType.I32, true, ConstantExpression.I32(1 << 20));
        uint add = module.AddFunction([ValueType.I32, ValueType.I32], I32, Code()
            .I64Const(3).Call(charge)
            .LocalGet(0).LocalGet(1).Op(Opcode.I32Add)
            .LocalTee(2).I32Const(0).Memory(Opcode.I32Load, 2).Op(Opcode.I32Add)
            .End(), new LocalGroup(1, ValueType.I32));
        module.ActiveElements(0, ConstantExpression.I32(0), ValueType.FuncRef, ConstantExpression.RefFunc(add));
        module.Export("add", ExternalKind.Function, add).Export("memory", ExternalKind.Memory, 0);
        AssertValid(module, ValidationLimits.Contract);
    }

    [Fact]
    public void Contract_profile_is_never_looser_than_the_permissive_one()
    {
        var permissive = ValidationLimits.Permissive;
        var contract = ValidationLimits.Contract;
        foreach (var property in typeof(ValidationLimits).GetProperties())
        {
            if (property.Name.StartsWith("Max", StringComparison.Ordinal))
            {
                var strict = Convert.ToUInt64(property.GetValue(contract));
                var loose = Convert.ToUInt64(property.GetValue(permissive));
                Assert.True(strict <= loose, $"{property.Name}: contract {strict} > permissive {loose}");
                Assert.True(strict > 0, $"{property.Name} is 0 in the contract profile");
            }
        }
        Assert.True(contract.MinAverageBodySize >= permissive.MinAverageBodySize);
    }
}
