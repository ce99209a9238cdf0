namespace Contracts.Cli.Tests;

public sealed class WastCommandTests
{
    private static readonly string Scripts = CliRun.Module("wast");

    [Fact]
    public void A_passing_script_exits_0_and_ends_with_the_counts()
    {
        var run = CliRun.Of("wast", Path.Combine(Scripts, "passing", "passing.json"));
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+ passed, 0 failed, \d+ skipped$", run.OutputLines[^1]);
    }

    [Fact]
    public void A_failing_script_exits_1_and_lists_the_failure()
    {
        var run = CliRun.Of("wast", Path.Combine(Scripts, "failing", "failing.json"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL", run.Output);
        Assert.Contains("line 6 assert_return", run.Output);
        Assert.Matches(@"^\d+ passed, 1 failed, \d+ skipped$", run.OutputLines[^1]);
    }

    [Fact]
    public void A_folder_runs_every_script_under_it()
    {
        var run = CliRun.Of("wast", Scripts);
        Assert.Equal(1, run.ExitCode);
        var counts = run.OutputLines[^1].Split(", ");
        Assert.Equal("1 failed", counts[1]);
        // passing.json has 2 assert_return + 1 assert_trap + 1 assert_invalid; failing.json 1 passing assert_return.
        Assert.True(int.Parse(counts[0].Split(' ')[0]) >= 5, run.Output);
    }

    [Fact]
    public void A_folder_without_scripts_exits_2()
    {
        var empty = Directory.CreateTempSubdirectory("contract-cli-wast-");
        try
        {
            var run = CliRun.Of("wast", empty.FullName);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("no .json spec scripts", run.Error);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_path_exits_2()
    {
        var run = CliRun.Of("wast", Path.Combine(Scripts, "nothing-here"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not found", run.Error);
    }
}
