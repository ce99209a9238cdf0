using Contracts.Engine.SpecScripts;

namespace Contracts.GasMetering.Tests;

/// <summary>Where the spec testsuite is (its scripts are listed in <see cref="SpecTestCorpus"/>).</summary>
internal static class SpecScriptNames
{
    /// <summary>The 90 non-SIMD core scripts (kept for callers on other branches; new code can use the corpus).</summary>
    public static IReadOnlyList<string> Core => SpecTestCorpus.CoreScriptNames;

    /// <summary>The suite's folder; skips locally when it is missing, fails under CI.</summary>
    public static string Folder()
    {
        var folder = SharedFolder.SpecTests();
        Skip.If(folder is null && !SharedFolder.IsCi,
            "the spec testsuite is not present (../shared/spec-tests or WASM_SPEC_TESTS); under CI this fails");
        Assert.True(folder is not null, "the spec testsuite is missing under CI: expected ../shared/spec-tests or WASM_SPEC_TESTS");
        return folder;
    }
}
