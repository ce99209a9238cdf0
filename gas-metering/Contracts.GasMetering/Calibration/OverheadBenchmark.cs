using Contracts.Engine;
using Contracts.Engine.Runtime;
using Contracts.GasMetering.Hosting;

namespace Contracts.GasMetering.Calibration;

/// <summary>One benchmark module run plain and instrumented (gas and stack height) on our engine.</summary>
public sealed record OverheadRow(string Module, double PlainMicroseconds, double MeteredMicroseconds, ulong GasUsed, bool SameResult)
{
    public double Ratio => MeteredMicroseconds / PlainMicroseconds;
}

/// <summary>
/// The cost of metering: each module's exported <c>run</c> timed uninstrumented and instrumented (thread CPU time,
/// best of several calls on one instance), with the ratio per module and their geometric mean.
/// </summary>
public static class OverheadBenchmark
{
    /// <summary>
    /// Runs every *.wasm of <paramref name="folder"/> (ordinal order) whose <c>run</c> takes no arguments, instrumented
    /// with <paramref name="options"/> (default: gas and stack height).
    /// </summary>
    public static IReadOnlyList<OverheadRow> Run(string folder, int repetitions = 3, InstrumentationOptions? options = null, Action<OverheadRow>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= InstrumentationOptions.Default;
        var files = Directory.GetFiles(folder, "*.wasm");
        Array.Sort(files, StringComparer.Ordinal);
        var engine = new Engine.Engine();
        var rows = new List<OverheadRow>();
        foreach (var file in files)
        {
            var wasm = File.ReadAllBytes(file);
            // A tiny run (contract.wasm) is repeated until each timing covers enough work to measure.
            var (plainNs, plainResult, callsPerSample) = TimePlain(engine, wasm, repetitions);
            var (meteredNs, meteredResult, gas) = TimeMetered(engine, wasm, options, repetitions, callsPerSample);
            var row = new OverheadRow(Path.GetFileName(file), plainNs / 1e3, meteredNs / 1e3, gas, plainResult == meteredResult);
            progress?.Invoke(row);
            rows.Add(row);
        }
        return rows;
    }

    public static double GeometricMean(IEnumerable<OverheadRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ratios = rows.Select(r => r.Ratio).ToArray();
        return ratios.Length == 0 ? double.NaN : Math.Exp(ratios.Average(Math.Log));
    }

    private static (double Nanoseconds, string Result, int CallsPerSample) TimePlain(Engine.Engine engine, byte[] wasm, int repetitions)
    {
        var instance = new Linker().Instantiate(new Store(engine), Module.Compile(engine, wasm));
        var run = instance.GetFunction("run") ?? throw new ArgumentException("the module exports no run function");
        var results = new Value[run.Type.Results.Length];
        string first = Describe(run, results);
        long one = Time(() => Check(run.Invoke([], results)), 1);
        int calls = (int)Math.Clamp(50_000_000 / Math.Max(1, one), 1, 1_000_000);
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++) best = Math.Min(best, Time(() => Check(run.Invoke([], results)), calls));
        return (best, first, calls);
    }

    private static (double Nanoseconds, string Result, ulong Gas) TimeMetered(Engine.Engine engine, byte[] wasm, InstrumentationOptions options,
        int repetitions, int calls)
    {
        var instrumented = GasInstrumenter.Instrument(wasm, options);
        var module = Module.Compile(engine, instrumented.Bytes);
        var instance = MeteredInstance.Instantiate(new Linker().DefineGasImports(engine), new Store(engine), module);
        var run = instance.Instance.GetFunction("run")!;
        var firstCall = instance.Call(run, long.MaxValue);
        if (firstCall.Trap is not null) throw new InvalidOperationException($"the instrumented module trapped: {firstCall.Trap}");
        string first = string.Join(' ', firstCall.Results.Select(v => v.ToString()));
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
            best = Math.Min(best, Time(() => Check(instance.Call(run, long.MaxValue).Trap), calls));
        return (best, first, firstCall.GasUsed);
    }

    private static string Describe(Function run, Value[] results)
    {
        Check(run.Invoke([], results));
        return string.Join(' ', results.Select(v => v.ToString()));
    }

    private static void Check(Trap? trap)
    {
        if (trap is not null) throw new InvalidOperationException($"the benchmark trapped: {trap}");
    }

    /// <summary>CPU nanoseconds per call of <paramref name="calls"/> calls.</summary>
    private static long Time(Action call, int calls)
    {
        long start = CpuTime.ThreadNanoseconds();
        for (int i = 0; i < calls; i++) call();
        return (CpuTime.ThreadNanoseconds() - start) / calls;
    }
}
