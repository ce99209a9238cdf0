using Contracts.Fuzz.Minimization;
using Xunit;

namespace Contracts.Fuzz.Tests;

/// <summary>Open compiled-tier findings (Findings/README.md): each must run identically on both tiers and Wasmtime.</summary>
public sealed class CompiledTierFindingTests(TieredOracleFixture fixture) : IClassFixture<TieredOracleFixture>
{
    [Fact(Skip = "open compiled-tier divergences found by the long run (Findings/README.md), reported to the compiled tier's owner; remove the Skip with the fix")]
    public void Every_open_finding_runs_identically_on_the_compiled_tier()
    {
        var failures = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Findings"), "*.wasm").Order(StringComparer.Ordinal))
        {
            var finding = RegressionCase.Load(path);
            var comparison = fixture.Oracle.Run(finding.Wasm, finding.Wasm, finding.Calls);
            if (comparison.Divergence is { } divergence) failures.Add($"{finding.Name}: {divergence}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
