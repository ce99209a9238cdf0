using System.Globalization;
using Contracts.Engine.Benchmarks.SharedBench;

namespace Contracts.Engine.Benchmarks;

/// <summary>
/// <c>simd-bench [--runs N]</c>: each SIMD kernel of Modules/simd (bytecount, mat4; C with wasm_simd128.h, built with
/// clang-14 with and without -msimd128) timed on our engine and on Wasmtime in this process, median of N runs after a
/// warm-up call that also checks both builds return the same checksum on both engines. Prints per kernel the SIMD
/// speed-up on each engine (scalar ms / SIMD ms, marked '!' when below 1) and ours/Wasmtime for each build. Exit code 1
/// on a checksum mismatch or an error.
/// </summary>
public static class SimdBench
{
    public static readonly string[] Kernels = ["bytecount", "mat4"];

    public static int Run(string[] args, TextWriter output)
    {
        int runs = 5;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out runs) && runs > 0) i++;
            else
            {
                output.WriteLine("usage: simd-bench [--runs N (default 5, > 0)]");
                return 2;
            }
        }
        var engine = new Engine();
        // Wasmtime canonicalizing NaNs as this engine does, per lane for SIMD.
        using var wasmtime = new Wasmtime.Engine(new Wasmtime.Config().WithCraneliftNaNCanonicalization(true));
        output.WriteLine($"simd bench: Modules/simd; median of {runs} run(s) after a warm-up call; .NET {Environment.Version}, "
            + $"{Environment.ProcessorCount} cores; Wasmtime with NaN canonicalization");
        output.WriteLine();
        output.WriteLine($"{"kernel",-10} {"checksum",-9} {"ours scalar",12} {"ours SIMD",10} {"ours speed-up",14} {"Wt scalar",10} {"Wt SIMD",8} {"Wt speed-up",12} {"ours/Wt SIMD",13} {"ours/Wt scalar",15}");
        bool allGood = true;
        foreach (string kernel in Kernels)
        {
            try
            {
                var scalarBytes = BenchModules.Local(Path.Combine("simd", kernel + "_scalar"));
                var simdBytes = BenchModules.Local(Path.Combine("simd", kernel + "_simd"));
                using var oursScalar = RunFunction.Ours(Module.Compile(engine, scalarBytes));
                using var oursSimd = RunFunction.Ours(Module.Compile(engine, simdBytes));
                using var scalarModule = Wasmtime.Module.FromBytes(wasmtime, kernel + "_scalar", scalarBytes);
                using var simdModule = Wasmtime.Module.FromBytes(wasmtime, kernel + "_simd", simdBytes);
                using var theirsScalar = RunFunction.Wasmtime(wasmtime, scalarModule, "i64");
                using var theirsSimd = RunFunction.Wasmtime(wasmtime, simdModule, "i64");

                long[] checksums = [oursScalar.Call(), oursSimd.Call(), theirsScalar.Call(), theirsSimd.Call()];
                bool match = checksums.All(c => c == checksums[0]);

                double ourScalarMs = Timing.MedianMs(runs, () => oursScalar.Call());
                double ourSimdMs = Timing.MedianMs(runs, () => oursSimd.Call());
                double theirScalarMs = Timing.MedianMs(runs, () => theirsScalar.Call());
                double theirSimdMs = Timing.MedianMs(runs, () => theirsSimd.Call());
                bool faster = ourSimdMs < ourScalarMs;
                allGood &= match;
                output.WriteLine($"{kernel,-10} {(match ? "ok" : "MISMATCH"),-9} {Format(ourScalarMs, 1),12} {Format(ourSimdMs, 1),10} {Format(ourScalarMs / ourSimdMs) + (faster ? "" : " !"),14} "
                    + $"{Format(theirScalarMs, 2),10} {Format(theirSimdMs, 2),8} {Format(theirScalarMs / theirSimdMs),12} {Format(ourSimdMs / theirSimdMs),13} {Format(ourScalarMs / theirScalarMs),15}");
                if (!match) output.WriteLine($"  checksums: ours scalar {checksums[0]}, ours SIMD {checksums[1]}, Wasmtime scalar {checksums[2]}, Wasmtime SIMD {checksums[3]}");
            }
            catch (Exception e)
            {
                allGood = false;
                output.WriteLine($"{kernel,-10} error: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine();
        output.WriteLine("speed-up = scalar ms / SIMD ms on the same engine (above 1: SIMD wins); ours/Wt = our ms / Wasmtime's ms");
        return allGood ? 0 : 1;
    }

    private static string Format(double value, int decimals = 2) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
