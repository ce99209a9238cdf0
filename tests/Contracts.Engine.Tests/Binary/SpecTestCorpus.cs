using System.Text.Json;
using Contracts.Engine.SpecScripts;
using Xunit;

namespace Contracts.Engine.Tests.Binary;

/// <summary>One command of a spec testsuite JSON script that refers to a binary module file.</summary>
public sealed record SpecModuleCommand(string Script, string Type, int Line, string FilePath, string? Text, string? ModuleType)
{
    public string FileName => Path.GetFileName(FilePath);
    public override string ToString() => $"{FileName} ({Type}, {Script}:{Line})";
}

/// <summary>Reads the module-bearing commands of the spec testsuite's JSON scripts (see spec-tests/README.md).</summary>
public static class SpecTestCorpus
{
    private static readonly Lazy<IReadOnlyList<SpecModuleCommand>?> Commands = new(Load);

    /// <summary>The commands of every script in <c>group</c> (core or simd); null when the testsuite is absent.</summary>
    public static IReadOnlyList<SpecModuleCommand>? All => Commands.Value;

    /// <summary>
    /// The spec testsuite's commands, or null when it is absent outside CI (tests then return early). Under CI a
    /// missing testsuite fails the calling test.
    /// </summary>
    public static IReadOnlyList<SpecModuleCommand>? RequireOrSkip()
    {
        var all = All;
        if (all is null && SharedFolder.IsCi)
            Assert.Fail("The spec testsuite was not found (../shared/spec-tests or WASM_SPEC_TESTS) and CI=true.");
        return all;
    }

    private static IReadOnlyList<SpecModuleCommand>? Load()
    {
        var root = SharedFolder.SpecTests();
        if (root is null) return null;
        var commands = new List<SpecModuleCommand>();
        foreach (var group in new[] { "core", "simd" })
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
