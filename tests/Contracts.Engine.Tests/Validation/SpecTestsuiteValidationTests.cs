using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.SpecScripts;
using Contracts.Engine.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Engine.Tests.Validation;

/// <summary>
/// Decodes and validates every binary module of the spec testsuite's core scripts: valid ones must pass, invalid
/// and malformed ones must fail with a <see cref="WasmLoadException"/>. When the testsuite is absent these tests
/// return early (they fail under CI=true instead); the test names say so.
/// </summary>
public sealed class SpecTestsuiteValidationTests(ITestOutputHelper output)
{
    private static void Load(string path, ValidationLimits limits)
    {
        var module = ModuleDecoder.Decode(File.ReadAllBytes(path), limits);
        ModuleValidator.Validate(module, limits);
    }

    private static IEnumerable<SpecModuleCommand> Core(IReadOnlyList<SpecModuleCommand> all, params string[] types) =>
        all.Where(c => c.Script.StartsWith(SpecTestCorpus.Core, StringComparison.Ordinal) && types.Contains(c.Type)
            && c.FilePath.EndsWith(".wasm", StringComparison.Ordinal));

    [Fact]
    public void Every_core_valid_module_validates__returns_early_without_the_testsuite()
    {
        var all = SpecTestCorpus.RequireOrSkip();
        if (all is null) return;
        // assert_unlinkable and assert_uninstantiable modules are valid too: they fail only when linked or run.
        var commands = Core(all, "module", "assert_unlinkable", "assert_uninstantiable").ToList();
        var failures = new List<string>();
        foreach (var command in commands)
        {
            try
            {
                Load(command.FilePath, ValidationLimits.Permissive);
            }
            catch (WasmLoadException error)
            {
                failures.Add($"{command}: {error.Message}");
            }
        }
        output.WriteLine($"{commands.Count - failures.Count} of {commands.Count} valid core modules validate");
        Assert.True(commands.Count > 1_000, $"only {commands.Count} valid modules found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Every_core_assert_invalid_module_fails__returns_early_without_the_testsuite()
    {
        var all = SpecTestCorpus.RequireOrSkip();
        if (all is null) return;
        var commands = Core(all, "assert_invalid").ToList();
        var accepted = new List<string>();
        int byValidator = 0, byDecoder = 0, sameWording = 0;
        var differentWording = new List<string>();
        foreach (var command in commands)
        {
            try
            {
                Load(command.FilePath, ValidationLimits.Permissive);
                accepted.Add(command.ToString());
            }
            catch (WasmLoadException error)
            {
                if (error is WasmValidationException) byValidator++;
                else byDecoder++;
                if (command.Text is { } text && error.Detail.StartsWith(text, StringComparison.Ordinal)) sameWording++;
                else differentWording.Add($"{command}: expected \"{command.Text}\", got \"{error.Detail}\"");
            }
        }
        output.WriteLine($"{commands.Count - accepted.Count} of {commands.Count} assert_invalid modules rejected " +
            $"({byValidator} by validation, {byDecoder} while decoding); {sameWording} with the reference interpreter's wording");
        foreach (var line in differentWording) output.WriteLine(line);
        Assert.True(commands.Count > 1_000, $"only {commands.Count} assert_invalid commands found");
        Assert.True(accepted.Count == 0, "accepted invalid modules:\n" + string.Join('\n', accepted));
    }

    [Fact]
    public void Every_core_binary_assert_malformed_module_fails__returns_early_without_the_testsuite()
    {
        var all = SpecTestCorpus.RequireOrSkip();
        if (all is null) return;
        var commands = Core(all, "assert_malformed").ToList();
        var accepted = new List<string>();
        int malformed = 0, invalid = 0;
        foreach (var command in commands)
        {
            try
            {
                Load(command.FilePath, ValidationLimits.Permissive);
                accepted.Add(command.ToString());
            }
            catch (WasmLoadException error)
            {
                if (error.IsMalformed) malformed++;
                else invalid++;
            }
        }
        output.WriteLine($"{commands.Count - accepted.Count} of {commands.Count} binary assert_malformed modules rejected " +
            $"({malformed} as malformed, {invalid} as invalid)");
        Assert.True(commands.Count > 700, $"only {commands.Count} binary assert_malformed commands found");
        Assert.True(accepted.Count == 0, "accepted malformed modules:\n" + string.Join('\n', accepted));
    }

    [Fact]
    public void Every_testsuite_binary_loads_or_fails_cleanly_under_both_profiles__returns_early_without_the_testsuite()
    {
        var all = SpecTestCorpus.RequireOrSkip();
        if (all is null) return;
        var paths = all.Select(c => c.FilePath).Where(p => p.EndsWith(".wasm", StringComparison.Ordinal)).Distinct().ToList();
        int loadedUnderContract = 0;
        foreach (var path in paths)
        {
            foreach (var limits in new[] { ValidationLimits.Permissive, ValidationLimits.Contract })
            {
                try
                {
                    Load(path, limits);
                    if (limits == ValidationLimits.Contract) loadedUnderContract++;
                }
                catch (WasmLoadException)
                {
                    // Rejecting is fine; anything but a WasmLoadException fails the test.
                }
            }
        }
        output.WriteLine($"{paths.Count} binaries; {loadedUnderContract} load under the contract profile");
        Assert.True(paths.Count > 4_000, $"only {paths.Count} binaries found");
    }
}
