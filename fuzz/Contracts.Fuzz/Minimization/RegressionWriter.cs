using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;

namespace Contracts.Fuzz.Minimization;

/// <summary>Minimizes a diverging seed and writes it as a regression case (module, calls and a readable listing).</summary>
public static class RegressionWriter
{
    public static FuzzCase MinimizeAndWrite(DifferentialOracle oracle, ulong seed, GeneratorOptions options, string directory, TextWriter log)
    {
        // Regenerated: the minimizer edits the module in place.
        var fuzzCase = ModuleGenerator.Generate(seed, options);
        var original = oracle.Run(fuzzCase).Divergence;
        if (original is null)
        {
            log.WriteLine($"seed {seed} does not diverge when re-run; nothing to minimize");
            return fuzzCase;
        }
        var minimized = Minimizer.Minimize(fuzzCase, c => oracle.Run(c).Divergence?.Kind == original.Kind);
        var divergence = oracle.Run(minimized).Divergence;
        var wasm = minimized.Encode();

        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"seed-{seed}");
        File.WriteAllBytes(stem + ".wasm", wasm);
        var header = $"# seed {seed}: {divergence?.ToString().Replace("\n", "\n# ", StringComparison.Ordinal)}";
        File.WriteAllLines(stem + ".calls", [header, .. minimized.Invocations.Select(RegressionCase.FormatCall)]);
        File.WriteAllText(stem + ".txt", minimized.Module.Dump());
        log.WriteLine($"minimized seed {seed} to {wasm.Length} bytes, {minimized.Invocations.Count} calls: {stem}.wasm/.calls/.txt");
        log.WriteLine(minimized.Module.Dump());
        return minimized;
    }
}
