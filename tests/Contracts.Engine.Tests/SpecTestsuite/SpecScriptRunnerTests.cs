using Contracts.Engine.SpecScripts;
using Xunit;

namespace Contracts.Engine.Tests.SpecTestsuite;

/// <summary>The runner's own bookkeeping, on small scripts written to a temporary folder.</summary>
public sealed class SpecScriptRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spec-runner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Script(string commands)
    {
        var path = Path.Combine(_folder, "script.json");
        File.WriteAllText(path, $$"""{"source_filename": "script.wast", "commands": [{{commands}}]}""");
        return path;
    }

    [Fact]
    public void Text_assert_malformed_is_counted_as_skipped()
    {
        var result = SpecScriptRunner.RunFile(Script(
            """{"type": "assert_malformed", "line": 3, "filename": "script.0.wat", "text": "unexpected token", "module_type": "text"}"""));

        Assert.Equal((0, 0, 1), (result.Passed, result.Failed, result.Skipped));
    }

    [Fact]
    public void Failing_commands_are_recorded_with_line_and_type_and_the_run_goes_on()
    {
        var result = SpecScriptRunner.RunFile(Script("""
            {"type": "module", "line": 1, "filename": "missing.wasm"},
            {"type": "assert_return", "line": 2, "action": {"type": "invoke", "field": "f", "args": []}, "expected": []},
            {"type": "bogus", "line": 3},
            {"type": "assert_malformed", "line": 4, "filename": "x.wat", "text": "t", "module_type": "text"}
            """));

        Assert.Equal((0, 3, 1), (result.Passed, result.Failed, result.Skipped));
        Assert.Equal([1, 2, 3], result.Failures.Select(f => f.Line));
        Assert.Equal(["module", "assert_return", "bogus"], result.Failures.Select(f => f.CommandType));
        Assert.Contains("no current module: the module at line 1 failed", result.Failures[1].Reason);
        Assert.Contains("unknown command type", result.Failures[2].Reason);
    }

    [Fact]
    public void Module_file_outside_the_script_folder_is_refused()
    {
        var result = SpecScriptRunner.RunFile(Script("""{"type": "module", "line": 7, "filename": "../escape.wasm"}"""));

        Assert.Equal(1, result.Failed);
        Assert.Contains("must stay in the script's folder", result.Failures[0].Reason);
    }

    [Fact]
    public void Unreadable_script_is_one_failure_not_an_exception()
    {
        var result = SpecScriptRunner.RunFile(Path.Combine(_folder, "absent.json"));

        Assert.Equal(1, result.Failed);
        Assert.Equal("script", result.Failures[0].CommandType);
    }

    [Fact]
    public void Folder_run_covers_every_script_in_ordinal_order()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "b"));
        Directory.CreateDirectory(Path.Combine(_folder, "a"));
        File.WriteAllText(Path.Combine(_folder, "b", "b.json"), """{"commands": []}""");
        File.WriteAllText(Path.Combine(_folder, "a", "a.json"), """{"commands": []}""");

        var results = SpecScriptRunner.RunFolder(_folder);

        Assert.Equal(["a.json", "b.json"], results.Select(r => Path.GetFileName(r.Script)));
        Assert.All(results, r => Assert.True(r.Succeeded));
    }
}
