using System.Diagnostics;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;

namespace Contracts.Fuzz.Minimization;

/// <summary>
/// Minimizes a case that kills the whole process (an access violation or a stack overflow in the engine: no trap,
/// no exception to catch). Each candidate runs in a child process (<c>--replay</c>); it still crashes when the child
/// dies by a signal or a runtime abort rather than exiting with 0 (identical) or 1 (divergence).
/// </summary>
public static class CrashMinimizer
{
    public static FuzzCase MinimizeAndWrite(ulong seed, GeneratorOptions options, TierChoice tier, string directory, TextWriter log, int maxTrials = 400)
    {
        var fuzzCase = ModuleGenerator.Generate(seed, options);
        var scratch = Path.Combine(Path.GetTempPath(), $"contracts-fuzz-crash-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);
        int trial = 0;
        bool Crashes(FuzzCase candidate)
        {
            var stem = Path.Combine(scratch, $"candidate-{trial++}");
            Write(candidate, stem, $"# crash candidate of seed {seed}");
            bool crashed = CrashesInChild(stem + ".wasm", tier);
            File.Delete(stem + ".wasm");
            File.Delete(stem + ".calls");
            return crashed;
        }

        if (!Crashes(fuzzCase))
        {
            log.WriteLine($"seed {seed} does not crash a child process; nothing to minimize");
            return fuzzCase;
        }
        var minimized = Minimizer.Minimize(fuzzCase, Crashes, maxTrials);
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, $"crash-seed-{seed}");
        Write(minimized, output, $"# seed {seed}: the process dies (--tier {tier.ToString().ToLowerInvariant()})");
        File.WriteAllText(output + ".txt", minimized.Module.Dump());
        log.WriteLine($"minimized crash of seed {seed} in {trial} trials to {minimized.Encode().Length} bytes, {minimized.Invocations.Count} calls: {output}.wasm/.calls/.txt");
        log.WriteLine(minimized.Module.Dump());
        return minimized;
    }

    private static void Write(FuzzCase fuzzCase, string stem, string header)
    {
        File.WriteAllBytes(stem + ".wasm", fuzzCase.Encode());
        File.WriteAllLines(stem + ".calls", [header, .. fuzzCase.Invocations.Select(RegressionCase.FormatCall)]);
    }

    /// <summary>Runs <c>--replay</c> on the file in a child process of this program; true when the child died.</summary>
    public static bool CrashesInChild(string wasmPath, TierChoice tier) => ReplayInChild(wasmPath, tier).ExitCode is not (0 or 1);

    /// <summary>
    /// Runs <c>Contracts.Fuzz --replay FILE --tier T</c> in a child process (<c>dotnet Contracts.Fuzz.dll</c>, the
    /// assembly beside this one): exit code 0 identical, 1 a divergence, anything else the process died.
    /// </summary>
    public static (int ExitCode, string Output) ReplayInChild(string wasmPath, TierChoice tier)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(CrashMinimizer).Assembly.Location);
        foreach (var argument in new[] { "--replay", wasmPath, "--tier", tier.ToString().ToLowerInvariant() }) start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        child.WaitForExit();
        return (child.ExitCode, output.Result + error.Result);
    }
}
