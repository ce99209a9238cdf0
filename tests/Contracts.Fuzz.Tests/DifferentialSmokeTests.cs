using Contracts.Fuzz.Campaign;
using Contracts.Fuzz.Coverage;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// The CI smoke: a bounded, seeded differential run against Wasmtime that must show no divergence. Seeds are fixed,
/// so a failure reproduces with <c>dotnet run --project fuzz/Contracts.Fuzz -c Release -- --seed S --count 1</c>
/// (add <c>--gas</c> for the metered run).
/// </summary>
public sealed class DifferentialSmokeTests(OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    /// <summary>About 20 s on an idle 2-core machine, well under 2 minutes loaded.</summary>
    public const int SmokeModules = 1_500;

    /// <summary>Gas-instrumented cases (GasInstrumenter): gas left after every call must match exactly.</summary>
    public const int MeteredSmokeModules = 500;

    [Fact]
    public void Seeded_smoke_run_shows_no_divergence()
    {
        var campaign = new FuzzCampaign(fixture.Oracle);
        var statistics = campaign.Run(firstSeed: 1, count: SmokeModules);
        var report = statistics.Report();
        output.WriteLine(report);
        Console.WriteLine("differential smoke:\n" + report);

        Assert.Equal(SmokeModules, statistics.Modules);
        Assert.True(statistics.Executions >= SmokeModules, $"only {statistics.Executions} calls compared");
        Assert.True(statistics.Coverage.ScalarPercent >= 95, $"opcode coverage without SIMD {statistics.Coverage.ScalarPercent:F1}% is below 95%");
        Assert.True(statistics.Coverage.SimdPercent >= 95, $"SIMD opcode coverage {statistics.Coverage.SimdPercent:F1}% is below 95%");
        Assert.Equal(0, statistics.Backstops);
        Assert.True(statistics.Divergences.Count == 0, "divergences:\n" + string.Join("\n", statistics.Divergences.Select(d => $"seed {d.Seed}: {d.Divergence}")));
    }

    [Fact]
    public void Seeded_gas_metered_smoke_run_shows_identical_gas_on_both_engines()
    {
        var campaign = new FuzzCampaign(fixture.Oracle, metered: true);
        var statistics = campaign.Run(firstSeed: 1_000_000, count: MeteredSmokeModules);
        var report = statistics.Report();
        output.WriteLine(report);
        Console.WriteLine("gas-metered differential smoke:\n" + report);

        Assert.Equal(MeteredSmokeModules, statistics.GasMeteredModules);
        Assert.True(statistics.IntrinsicOutOfFuel > 0, "no call ran out of gas: the exact out-of-gas point was never compared");
        Assert.True(statistics.Divergences.Count == 0, "divergences:\n" + string.Join("\n", statistics.Divergences.Select(d => $"seed {d.Seed}: {d.Divergence}")));
    }

    [Fact]
    public void Without_the_limiter_native_stack_exhaustion_is_counted_and_compared_under_it()
    {
        var (options, settings) = FuzzCampaign.WithoutDepthLimit();
        var campaign = new FuzzCampaign(new Oracle.DifferentialOracle(fixture.Ours, fixture.Theirs, settings), options);
        var statistics = campaign.Run(firstSeed: 1, count: 150);
        output.WriteLine(statistics.Report());

        Assert.True(statistics.NativeStackExhaustions > 0, "no case exhausted an engine's own stack");
        Assert.Equal(statistics.NativeStackExhaustions, statistics.NativeStackRerunsCompared);
        Assert.Empty(statistics.Divergences);
    }

    [Fact]
    public void Coverage_denominator_is_every_opcode_of_webassembly_2_with_simd_counted_apart()
    {
        Assert.Equal(201, OpcodeCoverage.ScalarOpcodes.Count);
        Assert.Equal(236, OpcodeCoverage.SimdOpcodes.Count);
        Assert.Equal(437, OpcodeCoverage.AllOpcodes.Count);
        Assert.Equal(OpcodeCoverage.AllOpcodes.Count, OpcodeCoverage.AllOpcodes.Distinct().Count());
    }
}
