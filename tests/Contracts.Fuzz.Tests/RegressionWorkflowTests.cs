using Contracts.Fuzz.Campaign;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Minimization;
using Contracts.Fuzz.Oracle;
using Xunit;
using Xunit.Abstractions;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// The path from a divergence to a committed regression, end to end, with a planted bug of the other kind: a
/// wrapper around our engine that perturbs one result (the low bit of every f64 result). The campaign must report
/// it, the writer must minimize it into module + calls files, and the files must reproduce it.
/// </summary>
public sealed class RegressionWorkflowTests(OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    private sealed class PerturbingRunner(IEngineRunner inner) : IEngineRunner
    {
        public string Name => "perturbed " + inner.Name;

        public CaseOutcome Run(byte[] wasm, IReadOnlyList<Invocation> calls, RunSettings settings)
        {
            var outcome = inner.Run(wasm, calls, settings);
            for (int i = 0; i < outcome.Calls.Count; i++)
            {
                var call = outcome.Calls[i];
                if (call.Trap != TrapClass.None) continue;
                var results = call.Results.Select((bits, r) => call.ResultTypes[r] == ValueType.F64 ? bits ^ 1u : bits).ToArray();
                outcome.Calls[i] = call with { Results = results };
            }
            return outcome;
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void A_perturbed_result_is_found_minimized_written_and_reproduced_from_the_files()
    {
        var buggy = new DifferentialOracle(new PerturbingRunner(fixture.Ours), fixture.Theirs);
        var campaign = new FuzzCampaign(buggy);
        var statistics = campaign.Run(firstSeed: 1, count: 60);
        Assert.NotEmpty(statistics.Divergences);
        var (seed, divergence) = statistics.Divergences[0];
        Assert.Equal(DivergenceKind.Results, divergence.Kind);

        var directory = Path.Combine(Path.GetTempPath(), $"fuzz-regression-{Environment.ProcessId}");
        try
        {
            var log = new StringWriter();
            RegressionWriter.MinimizeAndWrite(campaign, seed, directory, log);
            output.WriteLine(log.ToString());
            var regression = RegressionCase.Load(Path.Combine(directory, $"seed-{seed}.wasm"));
            Assert.True(File.Exists(Path.Combine(directory, $"seed-{seed}.txt")));
            Assert.Single(regression.Calls);

            Assert.NotNull(buggy.Run(regression.Wasm, regression.Calls).Divergence);
            Assert.Null(fixture.Oracle.Run(regression.Wasm, regression.Calls).Divergence);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
