using Contracts.Fuzz.Campaign;
using Contracts.Fuzz.Minimization;
using Contracts.Fuzz.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>Our engine's interpreter, its compiled tier and Wasmtime, for a test class.</summary>
public sealed class TieredOracleFixture : IDisposable
{
    public ContractsEngineRunner Interpreter { get; } = ContractsEngineRunner.Interpreter();
    public ContractsEngineRunner Compiled { get; } = ContractsEngineRunner.Compiled();
    public WasmtimeRunner Wasmtime { get; } = new();
    /// <summary>Both tiers against Wasmtime, and the compiled tier against the interpreter, strictly.</summary>
    public DifferentialOracle Oracle { get; }

    public TieredOracleFixture() => Oracle = new DifferentialOracle(Interpreter, Wasmtime, ourSecondTier: Compiled);

    public void Dispose()
    {
        Interpreter.Dispose();
        Compiled.Dispose();
        Wasmtime.Dispose();
    }
}

/// <summary>
/// The CI smoke of the compiled tier: the fuzzer's corpus (seeded generated modules, with and without SIMD, plain and
/// gas-instrumented, and every committed regression) runs on the interpreter, on the compiled tier and on Wasmtime.
/// Each tier must agree with Wasmtime, and the compiled tier with the interpreter on everything: traps with kind,
/// function and offset, results, fuel left, globals, memory hash and tables. A failure reproduces with
/// <c>dotnet run --project fuzz/Contracts.Fuzz -c Release -- --tier both --seed S --count 1</c>.
/// </summary>
public sealed class CompiledTierSmokeTests(TieredOracleFixture fixture, ITestOutputHelper output) : IClassFixture<TieredOracleFixture>
{
    public const int SmokeModules = 500;
    public const int MeteredSmokeModules = 200;

    [Fact]
    public void Seeded_smoke_run_on_the_compiled_tier_shows_no_divergence()
    {
        var statistics = new FuzzCampaign(fixture.Oracle).Run(firstSeed: 1, count: SmokeModules);
        Report("compiled-tier smoke", statistics);

        Assert.True(statistics.TierExecutions >= SmokeModules, $"only {statistics.TierExecutions} calls compared between the tiers");
        Assert.True(statistics.Divergences.Count == 0, "divergences:\n" + string.Join("\n", statistics.Divergences.Select(d => $"seed {d.Seed}: {d.Divergence}")));
    }

    [Fact]
    public void Seeded_gas_metered_smoke_run_on_the_compiled_tier_shows_identical_gas()
    {
        var statistics = new FuzzCampaign(fixture.Oracle, metered: true).Run(firstSeed: 1_000_000, count: MeteredSmokeModules);
        Report("gas-metered compiled-tier smoke", statistics);

        Assert.True(statistics.IntrinsicOutOfFuel > 0, "no call ran out of gas: the exact out-of-gas point was never compared");
        Assert.True(statistics.TierExecutions >= MeteredSmokeModules, $"only {statistics.TierExecutions} calls compared between the tiers");
        Assert.True(statistics.Divergences.Count == 0, "divergences:\n" + string.Join("\n", statistics.Divergences.Select(d => $"seed {d.Seed}: {d.Divergence}")));
    }

    [Fact]
    public void Every_committed_regression_runs_identically_on_the_compiled_tier()
    {
        var failures = new List<string>();
        foreach (var path in Directory.EnumerateFiles(RegressionTests.Folder, "*.wasm").Order(StringComparer.Ordinal))
        {
            var regression = RegressionCase.Load(path);
            long gas = RegressionCase.GasLimit(File.ReadAllLines(Path.ChangeExtension(path, ".calls")));
            var comparison = fixture.Oracle.Run(regression.Wasm, regression.Wasm, regression.Calls, fixture.Oracle.Settings with { IntrinsicFuelPerCall = gas });
            output.WriteLine($"{regression.Name}: {comparison.TierCallsCompared} calls compared between the tiers, {(comparison.Divergence is null ? "identical" : "DIVERGES")}");
            if (comparison.Divergence is { } divergence) failures.Add($"{regression.Name}: {divergence}");
        }
        Assert.True(failures.Count == 0, "regressions diverging on the compiled tier:\n" + string.Join("\n", failures));
    }

    private void Report(string title, FuzzStatistics statistics)
    {
        var report = statistics.Report();
        output.WriteLine(report);
        Console.WriteLine($"{title}:\n{report}");
    }
}
