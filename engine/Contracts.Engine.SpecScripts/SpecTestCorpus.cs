using System.Text.Json;

namespace Contracts.Engine.SpecScripts;

/// <summary>
/// What the spec testsuite (see spec-tests/README.md) holds: the names of its scripts, where each script is, and the
/// commands that refer to module files. One list for every test project that runs or reads the suite.
/// </summary>
public static class SpecTestCorpus
{
    /// <summary>The script groups: the core scripts and the SIMD ones, each a folder of the suite.</summary>
    public const string Core = "core", Simd = "simd";

    /// <summary>
    /// The 90 non-SIMD core scripts, in ordinal order. Written out rather than listed from the folder so that a
    /// missing or extra script is noticed (the engine's tests compare this list with the folder).
    /// </summary>
    public static IReadOnlyList<string> CoreScriptNames { get; } =
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

    private static readonly Lazy<IReadOnlyList<SpecModuleCommand>?> Commands = new(LoadModuleCommands);

    /// <summary>The JSON script <paramref name="name"/> of <paramref name="group"/> under the suite's folder.</summary>
    public static string ScriptPath(string suiteFolder, string group, string name) =>
        Path.Combine(suiteFolder, group, name, name + ".json");

    /// <summary>The scripts present in <paramref name="group"/> (one folder each), in ordinal order.</summary>
    public static string[] ScriptNamesIn(string suiteFolder, string group)
    {
        var names = Directory.GetDirectories(Path.Combine(suiteFolder, group)).Select(d => Path.GetFileName(d)).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>How many commands a script holds, so a runner can be checked to have accounted for all of them.</summary>
    public static int CommandCount(string scriptPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(scriptPath));
        return document.RootElement.GetProperty("commands").GetArrayLength();
    }

    /// <summary>The module-bearing commands of every core and SIMD script, read once; null when the suite is absent.</summary>
    public static IReadOnlyList<SpecModuleCommand>? ModuleCommands => Commands.Value;

    /// <summary>
    /// <see cref="ModuleCommands"/>, or null when the suite is absent outside CI (tests then return early). Under CI a
    /// missing suite throws, so the calling test fails instead of passing without having looked at anything.
    /// </summary>
    public static IReadOnlyList<SpecModuleCommand>? RequireOrSkip()
    {
        var all = ModuleCommands;
        if (all is null && SharedFolder.IsCi)
            throw new InvalidOperationException("The spec testsuite was not found (../shared/spec-tests or WASM_SPEC_TESTS) and CI=true.");
        return all;
    }

    private static IReadOnlyList<SpecModuleCommand>? LoadModuleCommands()
    {
        var root = SharedFolder.SpecTests();
        if (root is null) return null;
        var commands = new List<SpecModuleCommand>();
        foreach (var group in new[] { Core, Simd })
        {
            var groupDir = Path.Combine(root, group);
            if (!Directory.Exists(groupDir)) continue;
            var scripts = Directory.GetFiles(groupDir, "*.json", SearchOption.AllDirectories);
            Array.Sort(scripts, StringComparer.Ordinal);
            foreach (var script in scripts)
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(script));
                var dir = Path.GetDirectoryName(script)!;
                foreach (var command in doc.RootElement.GetProperty("commands").EnumerateArray())
                {
                    if (!command.TryGetProperty("filename", out var file)) continue;
                    commands.Add(new SpecModuleCommand(
                        Path.GetRelativePath(root, script),
                        command.GetProperty("type").GetString()!,
                        command.GetProperty("line").GetInt32(),
                        Path.Combine(dir, file.GetString()!),
                        command.TryGetProperty("text", out var text) ? text.GetString() : null,
                        command.TryGetProperty("module_type", out var moduleType) ? moduleType.GetString() : null));
                }
            }
        }
        return commands;
    }
}
