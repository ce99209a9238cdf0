namespace Contracts.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public void Root_help_lists_every_command()
    {
        var run = CliRun.Of("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("run", run.Output);
        Assert.Contains("wast", run.Output);
        Assert.Contains("inspect", run.Output);
    }

    [Theory]
    [InlineData("run", "--invoke")]
    [InlineData("run", "--fuel")]
    [InlineData("wast", "wast2json")]
    [InlineData("inspect", "imports")]
    public void Every_command_has_help(string command, string mentions)
    {
        var run = CliRun.Of(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(mentions, run.Output);
        Assert.Contains("Exit codes", run.Output);
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        var run = CliRun.Of();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("contract-cli --help", run.Error);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var run = CliRun.Of("frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Error);
    }
}
