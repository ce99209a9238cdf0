using Contracts.Engine.SpecScripts;
using Xunit;

namespace Contracts.Engine.Tests.SpecTestsuite;

/// <summary>
/// The official WebAssembly 2.0 core testsuite (../shared/spec-tests, or WASM_SPEC_TESTS): one test per script.
/// Without the suite the tests are skipped locally and fail under CI.
/// </summary>
public sealed class CoreSpecScripts
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in SpecTestCorpus.CoreScriptNames) data.Add(name);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Core_script_passes(string name)
    {
        var path = SpecTestCorpus.ScriptPath(SpecTestsFolder(), SpecTestCorpus.Core, name);

        var result = SpecScriptRunner.RunFile(path);

        Assert.True(result.Succeeded, result.Describe());
        // Every command is accounted for: none was silently ignored.
        Assert.Equal(SpecTestCorpus.CommandCount(path), result.Total);
    }

    [SkippableFact]
    public void Script_list_matches_the_testsuite()
    {
        Assert.Equal(SpecTestCorpus.CoreScriptNames, SpecTestCorpus.ScriptNamesIn(SpecTestsFolder(), SpecTestCorpus.Core));
    }

    [SkippableFact]
    public void Simd_scripts_pass()
    {
        var results = SpecScriptRunner.RunFolder(Path.Combine(SpecTestsFolder(), SpecTestCorpus.Simd));

        Assert.Equal(56, results.Count);
        var failed = results.Where(r => !r.Succeeded).Select(r => r.Describe(5)).ToArray();
        Assert.True(failed.Length == 0, string.Join('\n', failed));
        // Only the text-format assert_malformed commands are skipped (this engine reads binaries only).
        Assert.Equal(25_976, results.Sum(r => r.Total));
    }

    private static string SpecTestsFolder()
    {
        var folder = SharedFolder.SpecTests();
        Skip.If(folder is null && !SharedFolder.IsCi,
            "the spec testsuite is not present (../shared/spec-tests or WASM_SPEC_TESTS); under CI this fails");
        Assert.True(folder is not null, "the spec testsuite is missing under CI: expected ../shared/spec-tests or WASM_SPEC_TESTS");
        return folder;
    }
}
