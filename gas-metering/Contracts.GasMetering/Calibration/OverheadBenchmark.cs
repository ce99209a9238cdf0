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
        var engine = new Engine.Engine(GasEngineConfig.Default);
        var rows = new List<OverheadRow>();
        foreach (var file in files)
        {
            var wasm = File.ReadAllBytes(file);
            var plain = new Linker().Instantiate(new Store(engine), Module.Compile(engine, wasm));
            var plainRun = plain.GetFunction("run") ?? throw new ArgumentException($"{file} exports no run function");
            var results = new Value[plainRun.Type.Results.Length];
            Check(plainRun.Invoke([], results));
            string plainResult = string.Join(' ', results.Select(v => v.ToString()));

            var instrumented = GasInstrumenter.Instrument(wasm, options);
            var metered = MeteredInstance.Instantiate(new Linker().DefineGasImports(engine), new Store(engine), Module.Compile(engine, instrumented.Bytes));
            var meteredRun = metered.Instance.GetFunction("run")!;
            var firstCall = metered.Call(meteredRun, long.MaxValue);
            Check(firstCall.Trap);
            string meteredResult = string.Join(' ', firstCall.Results.Select(v => v.ToString()));

            // A tiny run (contract.wasm) is repeated until each timing covers enough work to measure. Plain and metered
            // timings alternate so drift in the machine's load hits both alike.
            long one = Time(() => Check(plainRun.Invoke([], results)), 1);
            int calls = (int)Math.Clamp(50_000_000 / Math.Max(1, one), 1, 1_000_000);
            double plainBest = double.MaxValue, meteredBest = double.MaxValue;
            for (int i = 0; i < repetitions; i++)
            {
                plainBest = Math.Min(plainBest, Time(() => Check(plainRun.Invoke([], results)), calls));
                meteredBest = Math.Min(meteredBest, Time(() => Check(metered.Call(meteredRun, long.MaxValue, [], results, out _)), calls));
            }
            var row = new OverheadRow(Path.GetFileName(file), plainBest / 1e3, meteredBest / 1e3, firstCall.GasUsed, plainResult == meteredResult);
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
