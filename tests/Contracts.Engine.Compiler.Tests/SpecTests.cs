using Contracts.Engine.SpecScripts;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

internal static class SpecTests
{
    /// <summary>The spec testsuite's folder; skips locally when it is absent, fails under CI.</summary>
    public static string Folder()
    {
        var folder = SharedFolder.SpecTests();
        Skip.If(folder is null && !SharedFolder.IsCi,
            "the spec testsuite is not present (../shared/spec-tests or WASM_SPEC_TESTS); under CI this fails");
        Assert.True(folder is not null, "the spec testsuite is missing under CI: expected ../shared/spec-tests or WASM_SPEC_TESTS");
        return folder;
    }
}
