using System.Globalization;
using Contracts.Engine.SpecScripts;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>
/// <c>compile-bench [--runs N] [--dir PATH]</c>: decode + validate + translate time per KiB of module bytes
/// (<see cref="Module.Compile"/>), for each module of ../shared/bench and for every valid module of the spec
/// testsuite's core scripts taken together (many small modules of every instruction). Prints the median over N runs
/// after a warm-up run; uses only the public API, so the same file measures an older engine too.
/// </summary>
public static class CompileBench
{
    public static int Run(string[] args, TextWriter output)
    {
        int runs = 9;
        string? folder = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out runs) && runs > 0) i++;
            else if (args[i] == "--dir" && i + 1 < args.Length) folder = args[++i];
            else
            {
                output.WriteLine("usage: compile-bench [--runs N (default 9)] [--dir PATH (default ../shared/bench)]");
                return 2;
            }
        }
        folder ??= BenchModules.SharedFolderPath();
        var engine = new Engine();
        var sets = new List<(string Name, byte[][] Modules)>();
        foreach (var name in BenchModules.ComputeNames.Append(BenchModules.ContractName))
            sets.Add((name, [File.ReadAllBytes(Path.Combine(folder, name + ".wasm"))]));
        var spec = SpecModules(engine, Path.GetFullPath(Path.Combine(folder, "..", "spec-tests", "core")));
        if (spec.Length > 0) sets.Add(("spec-core", spec));

        output.WriteLine($"compile-bench: decode + validate + translate, median of {runs} run(s) after a warm-up; .NET {Environment.Version}");
        output.WriteLine($"{"modules",-10} {"count",6} {"KiB",9} {"ms",9} {"µs/KiB",9}");
        var perKiB = new List<double>();
        foreach (var (name, modules) in sets)
        {
            double kib = modules.Sum(m => (double)m.Length) / 1024;
            void CompileAll()
            {
                foreach (var bytes in modules) Module.Compile(engine, bytes);
            }
            CompileAll();
            double ms = Timing.MedianMs(runs, CompileAll);
            double microsPerKiB = ms * 1000 / kib;
            perKiB.Add(microsPerKiB);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {modules.Length,6} {kib,9:F1} {ms,9:F3} {microsPerKiB,9:F2}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"geomean",-10} {"",6} {"",9} {"",9} {Timing.GeometricMean(perKiB),9:F2}"));
        return 0;
    }

    /// <summary>Every core spec module that compiles under the default engine (the testsuite's invalid ones excluded).</summary>
    private static byte[][] SpecModules(Engine engine, string core)
    {
        if (!Directory.Exists(core)) return [];
        var modules = new List<byte[]>();
        foreach (var path in Directory.EnumerateFiles(core, "*.wasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            try
            {
                Module.Compile(engine, bytes);
                modules.Add(bytes);
            }
            catch (Exception)
            {
                // Malformed and invalid modules of the testsuite: not part of the measurement.
            }
        }
        return [.. modules];
    }
}
