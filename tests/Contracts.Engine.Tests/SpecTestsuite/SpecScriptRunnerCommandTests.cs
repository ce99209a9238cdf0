using Contracts.Engine.Model;
using Contracts.Engine.SpecScripts;
using Contracts.Engine.Tests.Support;
using Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.SpecTestsuite;

/// <summary>
/// The runner must fail what is wrong, not only pass what is right: each script mixes commands that hold with
/// commands that must be reported, and the reported lines are checked exactly.
/// </summary>
public sealed class SpecScriptRunnerCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spec-commands-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private SpecScriptResult Run(string commands, params (string File, byte[] Bytes)[] modules)
    {
        foreach (var (file, bytes) in modules) File.WriteAllBytes(Path.Combine(_folder, file), bytes);
        var path = Path.Combine(_folder, "script.json");
        File.WriteAllText(path, $$"""{"source_filename": "script.wast", "commands": [{{commands}}]}""");
        return SpecScriptRunner.RunFile(path);
    }

    private static byte[] ValuesModule()
    {
        var builder = new WasmModuleBuilder();
        // An arithmetic NaN that is not canonical (payload 1), -0.0, an externref echo, a trap and -1.
        builder.Export("nan", ExternalKind.Function,
            builder.AddFunction(builder.AddType([], [ValueType.F32]), new CodeBuilder().F32ConstBits(0x7FC00001).End()));
        builder.Export("neg_zero", ExternalKind.Function,
            builder.AddFunction(builder.AddType([], [ValueType.F64]), new CodeBuilder().F64ConstBits(0x8000000000000000).End()));
        builder.Export("echo", ExternalKind.Function,
            builder.AddFunction(builder.AddType([ValueType.ExternRef], [ValueType.ExternRef]), new CodeBuilder().LocalGet(0).End()));
        builder.Export("trap", ExternalKind.Function, builder.AddFunction(builder.AddType([], []), new CodeBuilder().Unreachable().End()));
        builder.Export("minus_one", ExternalKind.Function, builder.AddFunction(builder.AddType([], [ValueType.I32]), new CodeBuilder().I32Const(-1).End()));
        return builder.ToBytes();
    }

    [Fact]
    public void Results_are_compared_bit_exactly_with_nan_patterns_and_host_references()
    {
        var result = Run("""
            {"type": "module", "line": 1, "filename": "values.wasm"},
            {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "nan", "args": []}, "expected": [{"type": "f32", "value": "nan:arithmetic"}]},
            {"type": "assert_return", "line": 3, "action": {"type": "invoke", "field": "nan", "args": []}, "expected": [{"type": "f32", "value": "nan:canonical"}]},
            {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "neg_zero", "args": []}, "expected": [{"type": "f64", "value": "0"}]},
            {"type": "assert_return", "line": 5, "action": {"type": "invoke", "field": "neg_zero", "args": []}, "expected": [{"type": "f64", "value": "9223372036854775808"}]},
            {"type": "assert_return", "line": 6, "action": {"type": "invoke", "field": "echo", "args": [{"type": "externref", "value": "7"}]}, "expected": [{"type": "externref", "value": "7"}]},
            {"type": "assert_return", "line": 7, "action": {"type": "invoke", "field": "echo", "args": [{"type": "externref", "value": "7"}]}, "expected": [{"type": "externref", "value": "8"}]},
            {"type": "assert_return", "line": 8, "action": {"type": "invoke", "field": "echo", "args": [{"type": "externref", "value": "null"}]}, "expected": [{"type": "externref", "value": "null"}]},
            {"type": "assert_return", "line": 9, "action": {"type": "invoke", "field": "minus_one", "args": []}, "expected": [{"type": "i32", "value": "4294967295"}]},
            {"type": "assert_return", "line": 10, "action": {"type": "invoke", "field": "minus_one", "args": []}, "expected": [{"type": "i64", "value": "4294967295"}]},
            {"type": "assert_return", "line": 11, "action": {"type": "invoke", "field": "minus_one", "args": []}, "expected": []},
            {"type": "assert_return", "line": 12, "action": {"type": "invoke", "field": "absent", "args": []}, "expected": []}
            """, ("values.wasm", ValuesModule()));

        Assert.Equal([3, 4, 7, 10, 11, 12], result.Failures.Select(f => f.Line));
        Assert.Equal(6, result.Passed);
        Assert.Contains("no exported function \"absent\"", result.Failures[^1].Reason);
    }

    [Fact]
    public void Traps_and_exhaustion_must_happen_as_announced()
    {
        var result = Run("""
            {"type": "module", "line": 1, "filename": "values.wasm"},
            {"type": "assert_trap", "line": 2, "action": {"type": "invoke", "field": "trap", "args": []}, "text": "unreachable", "expected": []},
            {"type": "assert_trap", "line": 3, "action": {"type": "invoke", "field": "trap", "args": []}, "text": "integer overflow", "expected": []},
            {"type": "assert_trap", "line": 4, "action": {"type": "invoke", "field": "minus_one", "args": []}, "text": "unreachable", "expected": []},
            {"type": "assert_exhaustion", "line": 5, "action": {"type": "invoke", "field": "trap", "args": []}, "text": "call stack exhausted", "expected": []},
            {"type": "action", "line": 6, "action": {"type": "invoke", "field": "minus_one", "args": []}, "expected": []},
            {"type": "action", "line": 7, "action": {"type": "invoke", "field": "trap", "args": []}, "expected": []}
            """, ("values.wasm", ValuesModule()));

        Assert.Equal([3, 4, 5, 7], result.Failures.Select(f => f.Line));
        Assert.Equal(3, result.Passed);
    }

    [Fact]
    public void Load_link_and_instantiation_failures_are_checked()
    {
        var importsUnknown = new WasmModuleBuilder();
        importsUnknown.ImportFunction("spectest", "unknown", importsUnknown.AddType([], []));
        var importsPrint = new WasmModuleBuilder();
        importsPrint.ImportFunction("spectest", "print_i32", importsPrint.AddType([ValueType.I32], []));
        var badData = new WasmModuleBuilder();
        badData.AddMemory(1);
        badData.ActiveData(0, ConstantExpression.I32(Contracts.Engine.Runtime.Memory.PageSize), [1]);

        var result = Run("""
            {"type": "assert_invalid", "line": 1, "filename": "garbage.wasm", "text": "x", "module_type": "binary"},
            {"type": "assert_malformed", "line": 2, "filename": "valid.wasm", "text": "x", "module_type": "binary"},
            {"type": "assert_unlinkable", "line": 3, "filename": "unknown.wasm", "text": "unknown import", "module_type": "binary"},
            {"type": "assert_unlinkable", "line": 4, "filename": "print.wasm", "text": "unknown import", "module_type": "binary"},
            {"type": "assert_uninstantiable", "line": 5, "filename": "bad_data.wasm", "text": "out of bounds memory access", "module_type": "binary"},
            {"type": "assert_uninstantiable", "line": 6, "filename": "unknown.wasm", "text": "out of bounds memory access", "module_type": "binary"}
            """,
            ("garbage.wasm", [0x00, 0x61, 0x73, 0x6D, 0x02]),
            ("valid.wasm", new WasmModuleBuilder().ToBytes()),
            ("unknown.wasm", importsUnknown.ToBytes()),
            ("print.wasm", importsPrint.ToBytes()),
            ("bad_data.wasm", badData.ToBytes()));

        Assert.Equal([2, 4, 6], result.Failures.Select(f => f.Line));
        Assert.Equal(3, result.Passed);
    }

    [Fact]
    public void Registered_and_named_modules_are_reachable()
    {
        var exporter = new WasmModuleBuilder();
        exporter.Export("g", ExternalKind.Global, exporter.AddGlobal(ValueType.I32, false, ConstantExpression.I32(5)));
        var importer = new WasmModuleBuilder();
        importer.Export("h", ExternalKind.Global, importer.ImportGlobal("reg", "g", ValueType.I32, false));

        var result = Run("""
            {"type": "module", "line": 1, "name": "$A", "filename": "a.wasm"},
            {"type": "register", "line": 2, "as": "reg"},
            {"type": "module", "line": 3, "filename": "b.wasm"},
            {"type": "assert_return", "line": 4, "action": {"type": "get", "field": "h"}, "expected": [{"type": "i32", "value": "5"}]},
            {"type": "assert_return", "line": 5, "action": {"type": "get", "module": "$A", "field": "g"}, "expected": [{"type": "i32", "value": "5"}]},
            {"type": "assert_return", "line": 6, "action": {"type": "get", "module": "$B", "field": "g"}, "expected": [{"type": "i32", "value": "5"}]},
            {"type": "assert_return", "line": 7, "action": {"type": "get", "field": "g"}, "expected": [{"type": "i32", "value": "5"}]}
            """, ("a.wasm", exporter.ToBytes()), ("b.wasm", importer.ToBytes()));

        Assert.Equal([6, 7], result.Failures.Select(f => f.Line));
        Assert.Equal(5, result.Passed);
    }
}
