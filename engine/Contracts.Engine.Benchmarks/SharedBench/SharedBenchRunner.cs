using System.Globalization;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>
/// <c>shared-bench [--runs N] [--only a,b] [--dir PATH]</c>: for each module of ../shared/bench, checks the checksum of
/// <c>run</c> on our engine and on Wasmtime against checksums.txt, times <c>run</c> on both in this process
/// (median of N runs after one warm-up call), and relates the ratio to wasm3 through the README's peer timings:
/// ours/wasm3 ≈ (ours / Wasmtime here) × (Wasmtime / wasm3 in the README). Exit code 1 on any checksum mismatch
/// or error.
/// </summary>
public static class SharedBenchRunner
{
    private const int DefaultRuns = 5;
    private const int ContractCallsPerRun = 100_000;
    private const int ContractInstancesPerRun = 2_000;

    public static int Run(string[] args, TextWriter output)
    {
        int runs = DefaultRuns;
        HashSet<string>? only = null;
        string? folder = null;
        bool canonicalizeNaNs = false;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out runs) && runs > 0) i++;
            else if (args[i] == "--only" && i + 1 < args.Length) only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)];
            else if (args[i] == "--dir" && i + 1 < args.Length) folder = args[++i];
            else if (args[i] == "--nan-canonicalization") canonicalizeNaNs = true;
            else
            {
                output.WriteLine("usage: shared-bench [--runs N (default 5, > 0)] [--only fib,sort,...] [--dir PATH (default ../shared/bench)] [--nan-canonicalization (Wasmtime)]");
                return 2;
            }
        }

        try
        {
            folder ??= BenchModules.SharedFolderPath();
        }
        catch (DirectoryNotFoundException e)
        {
            output.WriteLine($"error: {e.Message}; pass --dir PATH");
            return 2;
        }
        var expected = ExpectedChecksum.Read(Path.Combine(folder, "checksums.txt"));
        var peers = PeerTimings.Read(Path.Combine(folder, "README.md"));
        var engine = new Engine();
        // Wasmtime's default configuration, as in the README's peer column, unless asked to canonicalize NaNs like
        // this engine does (which costs Cranelift a check after every float operation).
        using var wasmtime = new Wasmtime.Engine(new Wasmtime.Config().WithCraneliftNaNCanonicalization(canonicalizeNaNs));

        output.WriteLine($"shared bench: {folder}; median of {runs} run(s) after a warm-up call; .NET {Environment.Version}, "
            + $"{Environment.ProcessorCount} cores; Wasmtime NaN canonicalization {(canonicalizeNaNs ? "on" : "off")}");
        output.WriteLine();
        output.WriteLine($"{"module",-10} {"checksum",-9} {"ours ms",10} {"Wasmtime ms",12} {"ours/Wasmtime",14} {"≈ ours/wasm3",13}   README: Wasmtime ms, wasm3 ms");

        bool allGood = true;
        var versusWasmtime = new List<double>();
        var versusWasm3 = new List<double>();
        foreach (var checksum in expected)
        {
            if (checksum.Module == BenchModules.ContractName || (only is not null && !only.Contains(checksum.Module))) continue;
            try
            {
                var bytes = File.ReadAllBytes(Path.Combine(folder, checksum.Module + ".wasm"));
                using var ours = RunFunction.Ours(Module.Compile(engine, bytes));
                using var wasmtimeModule = Wasmtime.Module.FromBytes(wasmtime, checksum.Module, bytes);
                using var theirs = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType);

                // The first calls check the checksum and are the warm-up.
                long ourChecksum = ours.Call();
                long theirChecksum = theirs.Call();
                bool match = ourChecksum == checksum.Value && theirChecksum == checksum.Value;
                allGood &= match;

                double ourMs = Timing.MedianMs(runs, () => ours.Call());
                double theirMs = Timing.MedianMs(runs, () => theirs.Call());
                double ratio = ourMs / theirMs;
                string derived = "", readme = "(not in README)";
                if (peers.TryGetComputeMs(checksum.Module, out double wasm3Ms, out double readmeWasmtimeMs))
                {
                    double versus = ratio * readmeWasmtimeMs / wasm3Ms;
                    derived = Format(versus);
                    readme = $"{Format(readmeWasmtimeMs, 0)}, {Format(wasm3Ms, 0)}";
                    if (match) versusWasm3.Add(versus);
                }
                if (match) versusWasmtime.Add(ratio);
                output.WriteLine($"{checksum.Module,-10} {(match ? "ok" : "MISMATCH"),-9} {Format(ourMs, 1),10} {Format(theirMs, 1),12} {Format(ratio),14} {derived,13}   {readme}");
                if (!match)
                    output.WriteLine($"  expected {checksum.Value}, ours {ourChecksum}, Wasmtime {theirChecksum}");
            }
            catch (Exception e)
            {
                allGood = false;
                output.WriteLine($"{checksum.Module,-10} error: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{"geometric mean",-20} {"",10} {"",12} {Format(Timing.GeometricMean(versusWasmtime)),14} {Format(Timing.GeometricMean(versusWasm3)),13}   ({versusWasmtime.Count} modules)");

        if (expected.FirstOrDefault(c => c.Module == BenchModules.ContractName) is { } contract
            && (only is null || only.Contains(contract.Module)))
        {
            allGood &= RunContract(Path.Combine(folder, contract.Module + ".wasm"), contract, runs, engine, wasmtime, peers, output);
        }
        return allGood ? 0 : 1;
    }

    /// <summary>contract.wasm does little work per call: it is timed per call and per fresh instance, in µs.</summary>
    private static bool RunContract(string path, ExpectedChecksum checksum, int runs, Engine engine, Wasmtime.Engine wasmtime,
        PeerTimings peers, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"contract.wasm (µs/op)",-30} {"ours",8} {"Wasmtime",9} {"ours/Wasmtime",14} {"≈ ours/wasm3",13}   README: Wasmtime, wasm3 µs");
        try
        {
            var bytes = File.ReadAllBytes(path);
            var module = Module.Compile(engine, bytes);
            using var wasmtimeModule = Wasmtime.Module.FromBytes(wasmtime, checksum.Module, bytes);

            long ourFirst, theirFirst;
            using (var fresh = RunFunction.Ours(module)) ourFirst = fresh.Call();
            using (var fresh = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType)) theirFirst = fresh.Call();
            bool match = ourFirst == checksum.Value && theirFirst == checksum.Value;
            output.WriteLine($"{"checksum of the first call",-30} {(match ? "ok" : $"MISMATCH: expected {checksum.Value}, ours {ourFirst}, Wasmtime {theirFirst}")}");

            using var ours = RunFunction.Ours(module);
            using var theirs = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType);
            double ourCall = PerOperationMicros(runs, ContractCallsPerRun, () => ours.Call());
            double theirCall = PerOperationMicros(runs, ContractCallsPerRun, () => theirs.Call());
            WriteContractRow(output, "call on an existing instance", ourCall, theirCall, peers.ContractCallMicros);

            double ourFresh = PerOperationMicros(runs, ContractInstancesPerRun, () =>
            {
                using var instance = RunFunction.Ours(module);
                instance.Call();
            });
            double theirFresh = PerOperationMicros(runs, ContractInstancesPerRun, () =>
            {
                using var instance = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType);
                instance.Call();
            });
            WriteContractRow(output, "new instance + call", ourFresh, theirFresh, peers.ContractInstantiateAndCallMicros);
            return match;
        }
        catch (Exception e)
        {
            output.WriteLine($"contract error: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    private static double PerOperationMicros(int runs, int operations, Action operation)
    {
        for (int i = 0; i < operations / 10; i++) operation();
        return Timing.MedianMs(runs, () =>
        {
            for (int i = 0; i < operations; i++) operation();
        }) * 1000 / operations;
    }

    private static void WriteContractRow(TextWriter output, string what, double ours, double theirs, (double Wasm3, double Wasmtime)? readme)
    {
        double ratio = ours / theirs;
        string derived = readme is { Wasm3: > 0, Wasmtime: > 0 } r ? Format(ratio * r.Wasmtime / r.Wasm3) : "";
        string published = readme is { } p ? $"{Format(p.Wasmtime, 3)}, {Format(p.Wasm3, 3)}" : "(not in README)";
        output.WriteLine($"{what,-30} {Format(ours, 3),8} {Format(theirs, 3),9} {Format(ratio),14} {derived,13}   {published}");
    }

    private static string Format(double value, int decimals = 2) =>
        double.IsNaN(value) ? "-" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
