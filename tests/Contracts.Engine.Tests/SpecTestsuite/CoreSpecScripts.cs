using System.Text.Json;
using Contracts.Engine.SpecScripts;
using Xunit;

namespace Contracts.Engine.Tests.SpecTestsuite;

/// <summary>
/// The official WebAssembly 2.0 core testsuite (../shared/spec-tests, or WASM_SPEC_TESTS): one test per script.
/// Without the suite the tests are skipped locally and fail under CI.
/// </summary>
public sealed class CoreSpecScripts
{
    private const string SimdSkip = "SIMD (0xFD) is not supported yet: the decoder refuses it with 'unsupported feature: simd'";

    /// <summary>The 90 non-SIMD scripts of the suite, in ordinal order (see the spec-tests README).</summary>
    public static readonly string[] ScriptNames =
    [
        "address", "align", "binary", "binary-leb128", "block", "br", "br_if", "br_table", "bulk", "call",
        "call_indirect", "comments", "const", "conversions", "custom", "data", "elem", "endianness", "exports", "f32",
        "f32_bitwise", "f32_cmp", "f64", "f64_bitwise", "f64_cmp", "fac", "float_exprs", "float_literals",
        "float_memory", "float_misc", "forward", "func", "func_ptrs", "global", "i32", "i64", "if", "imports",
        "inline-module", "int_exprs", "int_literals", "labels", "left-to-right", "linking", "load", "local_get",
        "local_set", "local_tee", "loop", "memory", "memory_copy", "memory_fill", "memory_grow", "memory_init",
        "memory_redundancy", "memory_size", "memory_trap", "names", "nop", "ref_func", "ref_is_null", "ref_null",
        "return", "select", "skip-stack-guard-page", "stack", "start", "store", "switch", "table", "table-sub",
        "table_copy", "table_fill", "table_get", "table_grow", "table_init", "table_set", "table_size", "token",
        "tokens", "traps", "type", "unreachable", "unreached-invalid", "unreached-valid", "unwind",
        "utf8-custom-section-id", "utf8-import-field", "utf8-import-module", "utf8-invalid-encoding",
    ];

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in ScriptNames) data.Add(name);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Core_script_passes(string name)
    {
        var path = Path.Combine(SpecTestsFolder(), "core", name, name + ".json");

        var result = SpecScriptRunner.RunFile(path);

        Assert.True(result.Succeeded, result.Describe());
        // Every command is accounted for: none was silently ignored.
        Assert.Equal(CommandCount(path), result.Total);
    }

    [SkippableFact]
    public void Script_list_matches_the_testsuite()
    {
        var names = Directory.GetDirectories(Path.Combine(SpecTestsFolder(), "core")).Select(Path.GetFileName).ToArray();
        Array.Sort(names, StringComparer.Ordinal);

        Assert.Equal(ScriptNames, names);
    }

    [Fact(Skip = SimdSkip)]
    public void Simd_scripts_pass()
    {
        var results = SpecScriptRunner.RunFolder(Path.Combine(SpecTestsFolder(), "simd"));

        Assert.Equal(56, results.Count);
        var failed = results.Where(r => !r.Succeeded).Select(r => r.Describe(5)).ToArray();
        Assert.True(failed.Length == 0, string.Join('\n', failed));
    }

    private static string SpecTestsFolder()
    {
        var folder = SharedFolder.SpecTests();
        Skip.If(folder is null && !SharedFolder.IsCi,
            "the spec testsuite is not present (../shared/spec-tests or WASM_SPEC_TESTS); under CI this fails");
        Assert.True(folder is not null, "the spec testsuite is missing under CI: expected ../shared/spec-tests or WASM_SPEC_TESTS");
        return folder;
    }

    private static int CommandCount(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("commands").GetArrayLength();
    }
}
