using System.Diagnostics;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;
using Contracts.GasMetering;

namespace Contracts.Fuzz.Campaign;

/// <summary>
/// A seeded run: case i of a campaign starting at seed S is generated from seed S + i, so
/// <c>--seed S+i --count 1</c> reproduces it alone.
/// </summary>
public sealed class FuzzCampaign
{
    private readonly DifferentialOracle _oracle;

    public FuzzCampaign(DifferentialOracle oracle, GeneratorOptions? options = null, bool metered = false)
    {
        _oracle = oracle;
        Metered = metered;
        var generatorOptions = options ?? GeneratorOptions.Default;
        // The gas instrumenter reserves the "gas" import module, so metered cases never import the intrinsic themselves.
        Options = metered ? generatorOptions with { FuelIntrinsicPercent = 0 } : generatorOptions;
    }

    public GeneratorOptions Options { get; }

    /// <summary>
    /// Gas comparison: every module is instrumented by <see cref="GasInstrumenter"/> (gas and stack height) and both
    /// engines run the instrumented bytes; gas left after every call must be identical.
    /// </summary>
    public bool Metered { get; }

    /// <summary>Called with a case's seed before it runs (so a crash of the whole process can be traced to its seed).</summary>
    public Action<ulong>? OnStart { get; set; }

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
            OnStart?.Invoke(seed);
            var fuzzCase = ModuleGenerator.Generate(seed, Options);
            statistics.Modules++;
            if (fuzzCase.Module.ImportsFuel) statistics.ModulesWithFuelIntrinsic++;
            if (fuzzCase.Module.ImportsHost) statistics.ModulesWithHostImport++;
            statistics.Coverage.Add(fuzzCase);

            var comparison = RunCase(fuzzCase, statistics);
            statistics.Add(comparison);
            if (comparison.Backstops > 0) statistics.BackstopSeeds.Add(seed);
            if (comparison.NativeStackExhaustions > 0 && comparison.Divergence is null)
                comparison = RerunUnderLowerLimiter(seed, statistics) ?? comparison;
            if (comparison.Divergence is { } divergence) statistics.Divergences.Add((seed, divergence));
            OnCase?.Invoke(fuzzCase, comparison);
        }
        statistics.Elapsed = clock.Elapsed;
        return statistics;
    }

    /// <summary>Runs one case as this campaign does (instrumented when metered), without counting it.</summary>
    public Comparison RunCase(FuzzCase fuzzCase) => RunCase(fuzzCase, null);

    private Comparison RunCase(FuzzCase fuzzCase, FuzzStatistics? statistics)
    {
        var wasm = fuzzCase.Encode();
        if (statistics is not null) statistics.ModuleBytes += wasm.Length;
        if (!Metered) return _oracle.Run(wasm, fuzzCase.Invocations);

        var instrumented = GasInstrumenter.Instrument(wasm).Bytes;
        if (statistics is not null) statistics.GasMeteredModules++;
        return _oracle.Run(instrumented, instrumented, fuzzCase.Invocations, _oracle.Settings with { IntrinsicFuelPerCall = GasLimit(fuzzCase.Seed) });
    }

    /// <summary>
    /// Generation without the stack-height limiter, and with enough guard fuel for recursion to reach the engines'
    /// own stack limits: native stack exhaustion then happens, is counted, and is compared under the limiter.
    /// </summary>
    public static (GeneratorOptions Options, RunSettings Settings) WithoutDepthLimit()
    {
        const int fuel = 200_000;
        return (GeneratorOptions.Default with { CallDepthLimit = int.MaxValue, FuelPerCall = fuel },
            RunSettings.Default with { GuardFuelPerCall = fuel });
    }

    /// <summary>
    /// Gas per call for a metered case: ample for three cases in four, and for the fourth a limit drawn from the
    /// seed, so out-of-gas lands at varied points (and must land at the same point on both engines).
    /// </summary>
    public static long GasLimit(ulong seed)
    {
        var random = new FuzzRandom(seed ^ 0x6761_735F_6C69_6D69ul);
        return random.Next(4) == 0 ? random.Next(20_000) : 50_000_000;
    }

    /// <summary>
    /// An engine's own stack ran out, so that call was not compared. The same case with the generated stack-height
    /// limiter set far lower is compared instead (the limit is a constant in the code: nothing else changes).
    /// </summary>
    private Comparison? RerunUnderLowerLimiter(ulong seed, FuzzStatistics statistics)
    {
        var lower = Options with { CallDepthLimit = Math.Max(8, Math.Min(Options.CallDepthLimit, 1_000) / 4) };
        var rerun = RunCase(ModuleGenerator.Generate(seed, lower), null);
        if (rerun.NativeStackExhaustions > 0) return null;
        statistics.NativeStackRerunsCompared++;
        statistics.Executions += rerun.CallsCompared;
        statistics.TierExecutions += rerun.TierCallsCompared;
        return rerun;
    }
}
