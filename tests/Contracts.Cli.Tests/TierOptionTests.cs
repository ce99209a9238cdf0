using Contracts.Cli.Commands;
using Contracts.Engine;
using Contracts.Engine.Compiler;

namespace Contracts.Cli.Tests;

/// <summary><c>--tier</c> on <c>run</c> and <c>wast</c>: every tier prints the same results, traps, gas and totals.</summary>
public sealed class TierOptionTests
{
    public static TheoryData<string> Tiers() => ["interpreter", "compiled", "tiered", "auto"];

    private static CliRun Run(string tier, string file, string export, params string[] args) =>
        CliRun.Of(["run", CliRun.Module(file), "--invoke", export, "--tier", tier, .. args]);

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Every_tier_prints_the_same_results(string tier)
    {
        Assert.Equal((0, "-2147483648\n", ""), Tuple(Run(tier, "values.wasm", "add", "0x7fffffff", "1")));
        Assert.Equal((0, "0.30000000000000004\n", ""), Tuple(Run(tier, "values.wasm", "tenth_sum")));
        Assert.Equal((0, "nan:0x200000\n", ""), Tuple(Run(tier, "values.wasm", "payload_nan")));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Every_tier_runs_out_of_fuel_at_the_same_point(string tier)
    {
        var interpreted = Run("interpreter", "fuel.wasm", "spend", "--fuel", "100", "11");
        var run = Run(tier, "fuel.wasm", "spend", "--fuel", "100", "11");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("trap: out of fuel\n", run.Error);
        Assert.Equal(Tuple(interpreted), Tuple(run));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Every_tier_reports_the_same_gas(string tier)
    {
        var interpreted = Run("interpreter", "loop.wasm", "sum", "--gas", "100000", "500");
        var run = Run(tier, "loop.wasm", "sum", "--gas", "100000", "500");
        Assert.Equal((0, "125250\n"), (run.ExitCode, run.Output));
        Assert.Matches(@"^gas used: \d+\n$", run.Error);
        Assert.Equal(Tuple(interpreted), Tuple(run));

        var outOfGas = Run(tier, "loop.wasm", "sum", "--gas", "3000", "500");
        Assert.Equal(Tuple(Run("interpreter", "loop.wasm", "sum", "--gas", "3000", "500")), Tuple(outOfGas));
        Assert.StartsWith("trap: out of gas\n", outOfGas.Error);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Every_tier_runs_deep_recursion_and_stops_it_at_the_same_depth(string tier)
    {
        Assert.Equal((0, "12502500\n", ""), Tuple(Run(tier, "loop.wasm", "sum_rec", "5000")));

        var tooDeep = Run(tier, "loop.wasm", "sum_rec", "100000");
        Assert.Equal(1, tooDeep.ExitCode);
        Assert.Contains("call stack exhausted", tooDeep.Error);
        Assert.Equal(Tuple(Run("interpreter", "loop.wasm", "sum_rec", "100000")), Tuple(tooDeep));
    }

    [Fact]
    public void An_unknown_tier_is_a_usage_error()
    {
        var run = Run("fast", "values.wasm", "add", "1", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("fast", run.Error);
        Assert.Contains("interpreter", run.Error);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Wast_prints_the_same_report_on_every_tier(string tier)
    {
        var scripts = CliRun.Module("wast");
        var interpreted = CliRun.Of("wast", scripts, "--tier", "interpreter");
        var run = CliRun.Of("wast", scripts, "--tier", tier);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(interpreted.Output, run.Output);
        Assert.Equal(0, CliRun.Of("wast", Path.Combine(scripts, "passing", "passing.json"), "--tier", tier).ExitCode);
    }

    [Theory]
    [InlineData("interpreter", ExecutionTier.Interpreter)]
    [InlineData("compiled", ExecutionTier.Compiled)]
    [InlineData("tiered", ExecutionTier.Tiered)]
    [InlineData("auto", ExecutionTier.Tiered)]
    [InlineData(null, ExecutionTier.Tiered)]
    public void A_tier_name_configures_the_engine_with_the_compiled_tier_plugged_in(string? name, ExecutionTier expected)
    {
        var config = TierOption.Configure(EngineConfig.Default, TierOption.Parse(name));
        Assert.Equal(expected, config.Tier);
        Assert.Same(IlTier.Instance, config.Compiler);
    }

    [Fact]
    public void Run_help_lists_the_tiers()
    {
        var help = CliRun.Of("run", "--help");
        Assert.Contains("--tier <interpreter|compiled|tiered>", help.Output);
        Assert.Contains("--tier <interpreter|compiled|tiered>", CliRun.Of("wast", "--help").Output);
    }

    private static (int, string, string) Tuple(CliRun run) => (run.ExitCode, run.Output, run.Error);
}
