using Contracts.Fuzz.Minimization;
using Contracts.Fuzz.Oracle;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Cases that killed the whole process (see Crashes/README.md), each run in a child process so a recurrence fails
/// this test instead of the test host: the child must exit normally, with both tiers agreeing with Wasmtime.
/// </summary>
public sealed class CrashCaseTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Crashes");

    public static TheoryData<string> Cases()
    {
        var names = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.wasm").Order(StringComparer.Ordinal)) names.Add(Path.GetFileNameWithoutExtension(path));
        return names;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_case_that_once_killed_the_process_runs_on_both_tiers_like_Wasmtime(string name)
    {
        var (exitCode, output) = CrashMinimizer.ReplayInChild(Path.Combine(Folder, name + ".wasm"), TierChoice.Both);

        Assert.True(exitCode == 0 && output.Contains("identical", StringComparison.Ordinal), $"{name}: exit code {exitCode}:\n{output}");
    }

    [Fact]
    public void Every_crash_case_is_deployed_beside_the_tests()
    {
        // The theory above has nothing to run if the folder was not copied: the cases of Crashes/README.md must be there.
        Assert.True(File.Exists(Path.Combine(Folder, "compiled-tier-access-violation.wasm")), $"crash cases missing from {Folder}");
        Assert.True(File.Exists(Path.Combine(Folder, "crash-seed-200079789.wasm")), $"crash cases missing from {Folder}");
    }

    [Fact]
    public void A_case_that_runs_normally_exits_normally_in_the_child_process()
    {
        // The harness itself: the same replay in a child process exits 0 for a case every engine runs alike (the
        // crash case on the interpreter alone), so a non-zero exit above means the engine, not the harness.
        var (exitCode, output) = CrashMinimizer.ReplayInChild(Path.Combine(Folder, "compiled-tier-access-violation.wasm"), TierChoice.Interpreter);

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
    }
}
