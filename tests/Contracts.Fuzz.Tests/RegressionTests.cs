using Contracts.Fuzz.Minimization;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Every divergence the fuzzer found, minimized and committed under Regressions/ (module, calls, listing). Each must
/// run identically on our engine and on Wasmtime; a failure names the case and the first difference.
/// </summary>
public sealed class RegressionTests(OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Regressions");

    [Fact]
    public void Every_committed_regression_runs_identically_on_both_engines()
    {
        // The folder (with its README) is copied next to the tests; an empty folder means no divergence found yet.
        Assert.True(File.Exists(Path.Combine(Folder, "README.md")), $"the regression folder was not deployed to {Folder}");
        var failures = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.wasm").Order(StringComparer.Ordinal))
        {
            var regression = RegressionCase.Load(path);
            long gas = RegressionCase.GasLimit(File.ReadAllLines(Path.ChangeExtension(path, ".calls")));
            var settings = fixture.Oracle.Settings with { IntrinsicFuelPerCall = gas };
            var comparison = fixture.Oracle.Run(regression.Wasm, regression.Wasm, regression.Calls, settings);
            output.WriteLine($"{regression.Name}: {regression.Calls.Count} calls, {comparison.CallsCompared} compared, {(comparison.Divergence is null ? "identical" : "DIVERGES")}");
            if (comparison.Divergence is { } divergence) failures.Add($"{regression.Name}: {divergence}");
        }
        Assert.True(failures.Count == 0, "regressions still diverging (see tests/Contracts.Fuzz.Tests/Regressions/*.txt):\n" + string.Join("\n", failures));
    }
}
