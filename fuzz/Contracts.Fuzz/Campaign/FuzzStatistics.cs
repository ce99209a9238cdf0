using System.Text;
using Contracts.Fuzz.Coverage;
using Contracts.Fuzz.Oracle;

namespace Contracts.Fuzz.Campaign;

/// <summary>Totals of a campaign, printed at the end of every run (smoke test and CLI).</summary>
public sealed class FuzzStatistics
{
    public int Modules { get; set; }
    public int ModuleBytes { get; set; }
    public int Instantiated { get; set; }
    public int Executions { get; set; }
    /// <summary>Calls compared between our interpreter and our compiled tier (<c>--tier both</c>).</summary>
    public int TierExecutions { get; set; }
    public int Traps { get; set; }
    public int GuardFuelTrips { get; set; }
    public int DepthLimiterTrips { get; set; }
    public int NativeStackExhaustions { get; set; }
    public int NativeStackRerunsCompared { get; set; }
    public int Backstops { get; set; }
    /// <summary>Seeds of the cases Wasmtime's backstop fuel stopped (runaways the generated guards missed).</summary>
    public List<ulong> BackstopSeeds { get; } = [];
    public int IntrinsicOutOfFuel { get; set; }
    public int ModulesWithFuelIntrinsic { get; set; }
    public int GasMeteredModules { get; set; }
    public int ModulesWithHostImport { get; set; }
    public List<(ulong Seed, Divergence Divergence)> Divergences { get; } = [];
    public SortedDictionary<TrapClass, int> TrapsByKind { get; } = [];
    public OpcodeCoverage Coverage { get; } = new();
    public TimeSpan Elapsed { get; set; }

    public void Add(Comparison comparison)
    {
        Executions += comparison.CallsCompared;
        TierExecutions += comparison.TierCallsCompared;
        Traps += comparison.Traps;
        GuardFuelTrips += comparison.GuardFuelTrips;
        DepthLimiterTrips += comparison.DepthLimiterTrips;
        NativeStackExhaustions += comparison.NativeStackExhaustions;
        Backstops += comparison.Backstops;
        IntrinsicOutOfFuel += comparison.IntrinsicOutOfFuel;
        if (comparison.Instantiated) Instantiated++;
        foreach (var kind in comparison.TrapKinds) TrapsByKind[kind] = TrapsByKind.GetValueOrDefault(kind) + 1;
    }

    public string Report()
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
        var text = new StringBuilder();
        text.AppendLine($"modules: {Modules} ({ModuleBytes / Math.Max(Modules, 1)} bytes average, {ModulesWithFuelIntrinsic} with the fuel intrinsic, {ModulesWithHostImport} with a host import, {GasMeteredModules} gas-instrumented), instantiated: {Instantiated}");
        text.AppendLine($"executions compared: {Executions} ({Executions / seconds:F1}/s, {Modules / seconds:F1} modules/s, {Elapsed.TotalSeconds:F1} s)");
        if (TierExecutions > 0) text.AppendLine($"compiled tier vs interpreter: {TierExecutions} executions compared (traps with function and offset, fuel left, state)");
        text.AppendLine($"traps: {Traps}; guard fuel trips: {GuardFuelTrips}; stack-height limiter trips (compared): {DepthLimiterTrips}; fuel-intrinsic out of gas: {IntrinsicOutOfFuel}");
        text.AppendLine($"traps by kind (guard trips shown as OutOfFuel / StackHeightExhausted): {string.Join(", ", TrapsByKind.Select(p => $"{p.Key} {p.Value}"))}");
        text.AppendLine($"native stack exhaustion (not compared, counted): {NativeStackExhaustions}, re-run and compared under a lower limiter: {NativeStackRerunsCompared}; Wasmtime backstop fuel: {Backstops}" +
            (BackstopSeeds.Count > 0 ? $" (seeds {string.Join(' ', BackstopSeeds)})" : ""));
        text.AppendLine($"opcode coverage: {Coverage.Covered}/{Coverage.Total} ({Coverage.Percent:F1}%): without SIMD {Coverage.ScalarCovered}/{OpcodeCoverage.ScalarOpcodes.Count} ({Coverage.ScalarPercent:F1}%), SIMD {Coverage.SimdCovered}/{OpcodeCoverage.SimdOpcodes.Count} ({Coverage.SimdPercent:F1}%)" +
            (Coverage.Covered < Coverage.Total ? $"; missing: {string.Join(' ', Coverage.Missing.Select(OpcodeCoverage.Name))}" : ""));
        text.AppendLine($"divergences: {Divergences.Count}");
        foreach (var (seed, divergence) in Divergences) text.AppendLine($"  seed {seed}: {divergence}");
        return text.ToString();
    }
}
