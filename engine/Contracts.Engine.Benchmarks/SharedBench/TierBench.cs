using System.Globalization;
using Contracts.Engine.Compiler;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>
/// <c>tier-bench [--runs N] [--only a,b] [--dir PATH] [--cpu] [--no-compile]</c>: the compiled tier's other numbers, on
/// ../shared/bench's compute modules (<c>--cpu</c>: the metering runs timed by the calling thread's CPU time instead of
/// the wall clock, steadier on a loaded machine; <c>--no-compile</c>: the metering overhead alone).
/// <list type="bullet">
/// <item>Metering overhead: <c>run</c> of each module instrumented by gas-metering (Modules/metered, see build.sh:
/// per-block gas charges folded into the fuel intrinsic, the stack-height limiter) against the plain module, both
/// compiled, in this process.</item>
/// <item>Compile time per module and per KiB: ours = decode + validate + translate (<see cref="Module.Compile"/>) +
/// IL emission (<see cref="IlTier.Precompile"/>) + the .NET JIT, which compiles each function on its first call
/// (<see cref="System.Runtime.JitInfo.GetCompilationTime"/> around a fresh module's first call); Wasmtime's = <c>Module.FromBytes</c> (Cranelift).</item>
/// </list>
/// </summary>
public static class TierBench
{

    public static int Run(string[] args, TextWriter output)
    {
        int runs = 5;
        string? folder = null;
        HashSet<string>? only = null;
        bool cpuTime = false, compileTimes = true;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length && int.TryParse(args[i + 1], out runs) && runs > 0) i++;
            else if (args[i] == "--dir" && i + 1 < args.Length) folder = args[++i];
            else if (args[i] == "--only" && i + 1 < args.Length) only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)];
            else if (args[i] == "--cpu") cpuTime = true;
            else if (args[i] == "--no-compile") compileTimes = false;
            else
            {
                output.WriteLine("usage: tier-bench [--runs N (default 5)] [--only fib,sort,...] [--dir PATH (default ../shared/bench)] [--cpu] [--no-compile]");
                return 2;
            }
        }
        folder ??= BenchModules.SharedFolderPath();
        var plain = IlTier.Configure(EngineConfig.Default, ExecutionTier.Compiled);
        // What GasEngineConfig sets (gas-metering's names): the engine folds gas.charge into its fuel intrinsic.
        var metered = plain with { FuelImport = ("gas", "charge"), StackHeightCounterExport = "__gas_stack_height" };

        output.WriteLine($"tier-bench: best of {runs} interleaved run(s) ({(cpuTime ? "thread CPU time" : "wall clock")}; compile times: median); .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        output.WriteLine();
        output.WriteLine("metering overhead, compiled tier: run of the gas-metered module / run of the plain module");
        output.WriteLine($"{"module",-10} {"plain ms",10} {"metered ms",11} {"overhead",9}");
        var overheads = new List<double>();
        var names = BenchModules.ComputeNames.Where(name => only is null || only.Contains(name)).ToArray();
        foreach (var name in names)
        {
            var plainRun = Runner(new Engine(plain), File.ReadAllBytes(Path.Combine(folder, name + ".wasm")));
            var meteredRun = Runner(new Engine(metered), BenchModules.Local(Path.Combine("metered", name)));
            if (plainRun.Call() != meteredRun.Call()) throw new InvalidOperationException($"{name}: metered and plain results differ");
            var best = cpuTime
                ? Timing.InterleavedBestOnClockMs(runs, Timing.ThreadCpuMs, () => plainRun.Call(), () => meteredRun.Call())
                : Timing.InterleavedBestMs(runs, () => plainRun.Call(), () => meteredRun.Call());
            double plainMs = best[0], meteredMs = best[1];
            overheads.Add(meteredMs / plainMs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {plainMs,10:F1} {meteredMs,11:F1} {(meteredMs / plainMs - 1) * 100,8:F1}%"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"geomean",-10} {"",10} {"",11} {(Timing.GeometricMean(overheads) - 1) * 100,8:F1}%"));
        if (!compileTimes) return 0;

        output.WriteLine();
        output.WriteLine("compile time (µs): translate = decode + validate + translate; IL = IL emission; JIT = .NET JIT time during the first call");
        output.WriteLine($"{"module",-10} {"KiB",6} {"translate",10} {"IL",8} {"JIT",9} {"ours",9} {"Wasmtime",9} {"ours/Wt",8} {"ours µs/KiB",12} {"Wt µs/KiB",10}");
        using var wasmtime = new Wasmtime.Engine(new Wasmtime.Config());
        var ratios = new List<double>();
        foreach (var name in names)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, name + ".wasm"));
            double kib = bytes.Length / 1024.0;
            var engine = new Engine(plain);
            double translate = Timing.MedianMs(runs, () => Module.Compile(engine, bytes)) * 1000;
            double il = Timing.MedianMs(runs, () => IlTier.Precompile(Module.Compile(engine, bytes))) * 1000 - translate;
            // The JIT: the .NET JIT's own compilation time on this thread during a fresh module's first call (every
            // function it reaches compiled).
            var jitSamples = new double[runs];
            for (int r = 0; r < runs; r++)
            {
                var module = Module.Compile(engine, bytes);
                IlTier.Precompile(module);
                var fresh = Runner(engine, module);
                var before = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
                fresh.Call();
                jitSamples[r] = (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - before).TotalMilliseconds * 1000;
            }
            Array.Sort(jitSamples);
            double jit = jitSamples[runs / 2];
            double ours = translate + il + jit;
            double theirs = Timing.MedianMs(runs, () => Wasmtime.Module.FromBytes(wasmtime, name, bytes).Dispose()) * 1000;
            ratios.Add(ours / theirs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-10} {kib,6:F2} {translate,10:F0} {il,8:F0} {jit,9:F0} {ours,9:F0} {theirs,9:F0} {ours / theirs,8:F2} {ours / kib,12:F0} {theirs / kib,10:F0}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"geomean",-10} {"",6} {"",10} {"",8} {"",9} {"",9} {"",9} {Timing.GeometricMean(ratios),8:F2}"));
        return 0;
    }

    private static Invocation Runner(Engine engine, byte[] bytes) => Runner(engine, Module.Compile(engine, bytes));

    /// <summary><c>run</c> of a fresh instance of <paramref name="module"/>, with the gas imports bound when it is
    /// metered and fuel that never runs out.</summary>
    private static Invocation Runner(Engine engine, Module module)
    {
        IlTier.Precompile(module);
        var store = new Store(engine);
        var run = RunFunction.LinkerFor(engine).Instantiate(store, module).GetFunction("run") ?? throw new InvalidOperationException("no export 'run'");
        return new Invocation(store, run);
    }

    private sealed class Invocation(Store store, Function run)
    {
        private readonly Value[] _results = new Value[1];

        public long Call()
        {
            store.Fuel = long.MaxValue;
            var trap = run.Invoke([], _results);
            if (trap is not null) throw new TrapException(trap);
            return _results[0].Type == Model.ValueType.I32 ? _results[0].AsI32() : _results[0].AsI64();
        }
    }
}
