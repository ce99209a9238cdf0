using System.Globalization;
using Contracts.Engine.Compiler;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>
/// <c>shared-bench [--runs N] [--only a,b] [--dir PATH]</c>: for each module of ../shared/bench, checks the checksum of
/// <c>run</c> on our interpreter, on our compiled tier (<see cref="IlTier"/>, every function compiled before the first
/// call) and on Wasmtime against checksums.txt, times <c>run</c> on all three in this process (the best of N runs, taken in
/// turn, after one warm-up call: <see cref="Timing.InterleavedBestMs"/>), prints their ratios and relates them to wasm3 through the README's peer timings:
/// ours/wasm3 ≈ (ours / Wasmtime here) × (Wasmtime / wasm3 in the README). Exit code 1 on any checksum mismatch
/// or error.
/// </summary>
public static class SharedBenchRunner
{
    private const int DefaultRuns = 5;
    private const int ContractCallsPerRun = 100_000;
    private const int ContractInstancesPerRun = 2_000;
    private const int TieredCalls = 10_000;

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
        var interpreter = new Engine(EngineConfig.Default with { Tier = ExecutionTier.Interpreter });
        var compiled = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled));
        // Wasmtime's default configuration, as in the README's peer column, unless asked to canonicalize NaNs like
        // this engine does (which costs Cranelift a check after every float operation).
        using var wasmtime = new Wasmtime.Engine(new Wasmtime.Config().WithCraneliftNaNCanonicalization(canonicalizeNaNs));

        output.WriteLine($"shared bench: {folder}; best of {runs} interleaved run(s) after a warm-up call (contract.wasm: median); .NET {Environment.Version}, "
            + $"{Environment.ProcessorCount} cores; Wasmtime NaN canonicalization {(canonicalizeNaNs ? "on" : "off")}");
        output.WriteLine();
        output.WriteLine("ratios are times: interp/Wasmtime and compiled/Wasmtime (lower is faster), interp/compiled (the compiled tier's speed-up)");
        output.WriteLine($"{"module",-10} {"checksum",-9} {"interp ms",10} {"compiled ms",12} {"Wasmtime ms",12} {"interp/Wt",10} {"compiled/Wt",12} {"interp/compiled",16} {"≈ compiled/wasm3",17}   README: Wasmtime ms, wasm3 ms");

        bool allGood = true;
        var interpreterVersusWasmtime = new List<double>();
        var versusWasmtime = new List<double>();
        var speedUps = new List<double>();
        var versusWasm3 = new List<double>();
        foreach (var checksum in expected)
        {
            if (checksum.Module == BenchModules.ContractName || (only is not null && !only.Contains(checksum.Module))) continue;
            try
            {
                var bytes = File.ReadAllBytes(Path.Combine(folder, checksum.Module + ".wasm"));
                using var interpreted = RunFunction.Ours(Module.Compile(interpreter, bytes));
                var compiledModule = Module.Compile(compiled, bytes);
                IlTier.Precompile(compiledModule);
                using var native = RunFunction.Ours(compiledModule);
                using var wasmtimeModule = Wasmtime.Module.FromBytes(wasmtime, checksum.Module, bytes);
                using var theirs = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType);

                // The first calls check the checksum and are the warm-up (for the compiled tier: the .NET JIT's).
                long interpretedChecksum = interpreted.Call();
                long compiledChecksum = native.Call();
                long theirChecksum = theirs.Call();
                bool match = interpretedChecksum == checksum.Value && compiledChecksum == checksum.Value && theirChecksum == checksum.Value;
                allGood &= match;

                var best = Timing.InterleavedBestMs(runs, () => interpreted.Call(), () => native.Call(), () => theirs.Call());
                double interpretedMs = best[0], compiledMs = best[1], theirMs = best[2];
                double ratio = compiledMs / theirMs;
                string derived = "", readme = "(not in README)";
                if (peers.TryGetComputeMs(checksum.Module, out double wasm3Ms, out double readmeWasmtimeMs))
                {
                    double versus = ratio * readmeWasmtimeMs / wasm3Ms;
                    derived = Format(versus);
                    readme = $"{Format(readmeWasmtimeMs, 0)}, {Format(wasm3Ms, 0)}";
                    if (match) versusWasm3.Add(versus);
                }
                if (match)
                {
                    interpreterVersusWasmtime.Add(interpretedMs / theirMs);
                    versusWasmtime.Add(ratio);
                    speedUps.Add(interpretedMs / compiledMs);
                }
                output.WriteLine($"{checksum.Module,-10} {(match ? "ok" : "MISMATCH"),-9} {Format(interpretedMs, 1),10} {Format(compiledMs, 1),12} {Format(theirMs, 1),12} "
                    + $"{Format(interpretedMs / theirMs),10} {Format(ratio),12} {Format(interpretedMs / compiledMs),16} {derived,17}   {readme}");
                if (!match)
                    output.WriteLine($"  expected {checksum.Value}, interpreter {interpretedChecksum}, compiled {compiledChecksum}, Wasmtime {theirChecksum}");
            }
            catch (Exception e)
            {
                allGood = false;
                output.WriteLine($"{checksum.Module,-10} error: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{"geometric mean",-20} {"",10} {"",12} {"",12} {Format(Timing.GeometricMean(interpreterVersusWasmtime)),10} "
            + $"{Format(Timing.GeometricMean(versusWasmtime)),12} {Format(Timing.GeometricMean(speedUps)),16} {Format(Timing.GeometricMean(versusWasm3)),17}   ({versusWasmtime.Count} modules)");

        if (expected.FirstOrDefault(c => c.Module == BenchModules.ContractName) is { } contract
            && (only is null || only.Contains(contract.Module)))
        {
            allGood &= RunContract(Path.Combine(folder, contract.Module + ".wasm"), contract, runs, interpreter, compiled, wasmtime, peers, output);
        }
        return allGood ? 0 : 1;
    }

    /// <summary>
    /// contract.wasm does little work per call: it is timed per call and per fresh instance, in µs, on each tier; and
    /// the tiered default (interpreted until <see cref="EngineConfig.TierUpThreshold"/> calls, then compiled) on
    /// 10,000 calls of a freshly loaded module, compilation included, against the interpreter alone.
    /// </summary>
    private static bool RunContract(string path, ExpectedChecksum checksum, int runs, Engine interpreter, Engine compiled,
        Wasmtime.Engine wasmtime, PeerTimings peers, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"contract.wasm (µs/op)",-36} {"ours",8} {"Wasmtime",9} {"ours/Wasmtime",14} {"≈ ours/wasm3",13}   README: Wasmtime, wasm3 µs");
        try
        {
            var bytes = File.ReadAllBytes(path);
            var interpretedModule = Module.Compile(interpreter, bytes);
            var compiledModule = Module.Compile(compiled, bytes);
            IlTier.Precompile(compiledModule);
            using var wasmtimeModule = Wasmtime.Module.FromBytes(wasmtime, checksum.Module, bytes);

            long interpretedFirst, compiledFirst, theirFirst;
            using (var fresh = RunFunction.Ours(interpretedModule)) interpretedFirst = fresh.Call();
            using (var fresh = RunFunction.Ours(compiledModule)) compiledFirst = fresh.Call();
            using (var fresh = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType)) theirFirst = fresh.Call();
            bool match = interpretedFirst == checksum.Value && compiledFirst == checksum.Value && theirFirst == checksum.Value;
            output.WriteLine($"{"checksum of the first call",-36} {(match ? "ok" : $"MISMATCH: expected {checksum.Value}, interpreter {interpretedFirst}, compiled {compiledFirst}, Wasmtime {theirFirst}")}");

            using var interpreted = RunFunction.Ours(interpretedModule);
            using var native = RunFunction.Ours(compiledModule);
            using var theirs = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType);
            double theirCall = PerOperationMicros(runs, ContractCallsPerRun, () => theirs.Call());
            WriteContractRow(output, "call, interpreter", PerOperationMicros(runs, ContractCallsPerRun, () => interpreted.Call()), theirCall, peers.ContractCallMicros);
            WriteContractRow(output, "call, compiled", PerOperationMicros(runs, ContractCallsPerRun, () => native.Call()), theirCall, peers.ContractCallMicros);

            double theirFresh = PerOperationMicros(runs, ContractInstancesPerRun, () =>
            {
                using var instance = RunFunction.Wasmtime(wasmtime, wasmtimeModule, checksum.ResultType);
                instance.Call();
            });
            foreach (var (name, module) in new[] { ("interpreter", interpretedModule), ("compiled", compiledModule) })
            {
                double fresh = PerOperationMicros(runs, ContractInstancesPerRun, () =>
                {
                    using var instance = RunFunction.Ours(module);
                    instance.Call();
                });
                WriteContractRow(output, $"new instance + call, {name}", fresh, theirFresh, peers.ContractInstantiateAndCallMicros);
            }

            // Tiered: a module loaded afresh each run, its first calls interpreted, then compiled (IL emission and the
            // .NET JIT inside the timing), against the interpreter alone on the same 10,000 calls: the plain module
            // (tiered up by its call count) and the gas-metered one, as a node runs contracts (tiered up by the fuel its
            // calls consumed, EngineConfig.TierUpFuel).
            var tiered = new Engine(IlTier.Configure(EngineConfig.Default, ExecutionTier.Tiered));
            var metered = EngineConfig.Default with { FuelImport = ("gas", "charge"), StackHeightCounterExport = "__gas_stack_height" };
            var meteredBytes = BenchModules.Local(Path.Combine("metered", "contract"));
            foreach (var (name, moduleBytes, tieredEngine, interpreterEngine, policy) in new[]
            {
                ("a fresh module", bytes, tiered, interpreter, $"threshold {tiered.Config.TierUpThreshold} calls"),
                ("a fresh metered module", meteredBytes, new Engine(IlTier.Configure(metered, ExecutionTier.Tiered)),
                    new Engine(IlTier.Configure(metered, ExecutionTier.Interpreter)), $"{metered.TierUpFuel:N0} fuel"),
            })
            {
                Action TenThousandCalls(Engine engine) => () =>
                {
                    using var instance = RunFunction.Ours(Module.Compile(engine, moduleBytes));
                    for (int i = 0; i < TieredCalls; i++) instance.Call();
                };
                // Best of interleaved runs, as the compute modules: a burst of load slows both sides, not one.
                var best = Timing.InterleavedBestMs(runs, TenThousandCalls(tieredEngine), TenThousandCalls(interpreterEngine));
                double tieredMs = best[0], interpretedMs = best[1];
                output.WriteLine($"{$"{TieredCalls:N0} calls of {name} (ms)",-36} tiered ({policy}) {Format(tieredMs, 3)}, "
                    + $"interpreter {Format(interpretedMs, 3)}, tiered/interpreter {Format(tieredMs / interpretedMs)}");
            }
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
        output.WriteLine($"{what,-36} {Format(ours, 3),8} {Format(theirs, 3),9} {Format(ratio),14} {derived,13}   {published}");
    }

    private static string Format(double value, int decimals = 2) =>
        double.IsNaN(value) ? "-" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
