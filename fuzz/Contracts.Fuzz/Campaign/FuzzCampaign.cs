using System.Diagnostics;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;

namespace Contracts.Fuzz.Campaign;

/// <summary>
/// A seeded run: case i of a campaign starting at seed S is generated from seed S + i, so
/// <c>--seed S+i --count 1</c> reproduces it alone.
/// </summary>
public sealed class FuzzCampaign(DifferentialOracle oracle, GeneratorOptions? options = null)
{
    public GeneratorOptions Options { get; } = options ?? GeneratorOptions.Default;

    /// <summary>Called per case with its seed and verdict (for progress and dumps).</summary>
    public Action<FuzzCase, Comparison>? OnCase { get; set; }

    public FuzzStatistics Run(ulong firstSeed, int count, TimeSpan? timeLimit = null)
    {
        var statistics = new FuzzStatistics();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            if (timeLimit is { } limit && clock.Elapsed > limit) break;
            ulong seed = firstSeed + (ulong)i;
            var fuzzCase = ModuleGenerator.Generate(seed, Options);
            var wasm = fuzzCase.Encode();
            statistics.Modules++;
            statistics.ModuleBytes += wasm.Length;
            if (fuzzCase.Module.ImportsFuel) statistics.ModulesWithFuelIntrinsic++;
            statistics.Coverage.Add(fuzzCase);

            var comparison = oracle.Run(wasm, fuzzCase.Invocations);
            statistics.Add(comparison);
            if (comparison.NativeStackExhaustions > 0 && comparison.Divergence is null)
                comparison = RerunUnderLowerLimiter(seed, statistics) ?? comparison;
            if (comparison.Divergence is { } divergence) statistics.Divergences.Add((seed, divergence));
            OnCase?.Invoke(fuzzCase, comparison);
        }
        statistics.Elapsed = clock.Elapsed;
        return statistics;
    }

    /// <summary>
    /// An engine's own stack ran out, so that call was not compared. The same case with the generated stack-height
    /// limiter set far lower is compared instead (the limit is a constant in the code: nothing else changes).
    /// </summary>
    private Comparison? RerunUnderLowerLimiter(ulong seed, FuzzStatistics statistics)
    {
        var lower = Options with { CallDepthLimit = Math.Max(8, Math.Min(Options.CallDepthLimit, 1_000) / 4) };
        var rerun = oracle.Run(ModuleGenerator.Generate(seed, lower));
        if (rerun.NativeStackExhaustions > 0) return null;
        statistics.NativeStackRerunsCompared++;
        statistics.Executions += rerun.CallsCompared;
        return rerun;
    }
}
