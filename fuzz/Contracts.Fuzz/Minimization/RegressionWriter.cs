using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Campaign;

namespace Contracts.Fuzz.Minimization;

/// <summary>Minimizes a diverging seed and writes it as a regression case (module, calls and a readable listing).</summary>
public static class RegressionWriter
{
    public static FuzzCase MinimizeAndWrite(FuzzCampaign campaign, ulong seed, string directory, TextWriter log)
    {
        // Regenerated: the minimizer edits the module in place.
        var fuzzCase = ModuleGenerator.Generate(seed, campaign.Options);
        var original = campaign.RunCase(fuzzCase).Divergence;
        if (original is null)
        {
            log.WriteLine($"seed {seed} does not diverge when re-run; nothing to minimize");
            return fuzzCase;
        }
        var minimized = Minimizer.Minimize(fuzzCase, c => campaign.RunCase(c).Divergence?.Kind == original.Kind);
        var divergence = campaign.RunCase(minimized).Divergence;
        // The committed module is what the engines ran: instrumented when the campaign meters gas.
        var wasm = campaign.Metered ? GasMetering.GasInstrumenter.Instrument(minimized.Encode()).Bytes : minimized.Encode();

        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"seed-{seed}");
        File.WriteAllBytes(stem + ".wasm", wasm);
        var header = $"# seed {seed}: {divergence?.ToString().Replace("\n", "\n# ", StringComparison.Ordinal)}";
        var gas = campaign.Metered ? $"\n# gas {FuzzCampaign.GasLimit(seed)}" : "";
        File.WriteAllLines(stem + ".calls", [header + gas, .. minimized.Invocations.Select(RegressionCase.FormatCall)]);
        File.WriteAllText(stem + ".txt", minimized.Module.Dump());
        log.WriteLine($"minimized seed {seed} to {wasm.Length} bytes, {minimized.Invocations.Count} calls: {stem}.wasm/.calls/.txt");
        log.WriteLine(minimized.Module.Dump());
        return minimized;
    }
}
