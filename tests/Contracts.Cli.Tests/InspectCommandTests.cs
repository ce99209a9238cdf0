namespace Contracts.Cli.Tests;

public sealed class InspectCommandTests
{
    private static CliRun Inspect(string file) => CliRun.Of("inspect", CliRun.Module(file));

    [Fact]
    public void Shows_exports_memories_globals_and_counts()
    {
        var run = Inspect("values.wasm");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[i32 i32] -> [i32]", run.Output);
        Assert.Contains("exports (24)", run.Output);
        Assert.Contains("memories (1)", run.Output);
        Assert.Contains("mut i32", run.Output);
        Assert.Contains("23 (0 imported, 23 defined)", run.Output);
        Assert.EndsWith("valid: yes\n", run.Output);
    }

    [Fact]
    public void Shows_imports()
    {
        var run = Inspect("needs_import.wasm");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("imports (1)", run.Output);
        Assert.Contains("env.log", run.Output);
        Assert.Contains("[i32] -> []", run.Output);
    }

    [Fact]
    public void An_invalid_module_is_described_then_reported_with_exit_2()
    {
        var run = Inspect("invalid.wasm");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("exports (1)", run.Output);
        Assert.Contains("invalid module", run.Error);
    }

    [Theory]
    [InlineData("malformed.wasm")]
    [InlineData("no-such-file.wasm")]
    public void An_unreadable_module_exits_2(string file)
    {
        var run = Inspect(file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("error: ", run.Error);
    }
}
