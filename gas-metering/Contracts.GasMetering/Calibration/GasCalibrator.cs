using Contracts.Engine.Binary;
using Contracts.Engine;
using Contracts.Engine.Runtime;
using Contracts.GasMetering.Hosting;

namespace Contracts.GasMetering.Calibration;

/// <summary>One cost class measured on this machine.</summary>
public sealed record CalibrationRow(CostClass Class, uint Price, double GasPerUnit, double NanosecondsPerUnit)
{
    public double NanosecondsPerGas => NanosecondsPerUnit / GasPerUnit;

    /// <summary>Measured ns per gas over the schedule's target: 1 is exact, above 1 the class is too cheap.</summary>
    public double Ratio => NanosecondsPerGas / GasSchedule.TargetNanosecondsPerGas;

    public bool OffByMoreThanTwice => Ratio > 2 || Ratio < 0.5;

    /// <summary>The price that would make the unit's gas match its measured time (the unit's other instructions kept).</summary>
    public uint SuggestedPrice
    {
        get
        {
            double targetGas = NanosecondsPerUnit / GasSchedule.TargetNanosecondsPerGas;
            double others = GasPerUnit - Price;
            return (uint)Math.Clamp(Math.Round(targetGas - others), 1, GasSchedule.MaxPrice);
        }
    }
}

/// <summary>
/// Measures ns per gas for each <see cref="CostClass"/> with the <see cref="MicroModules"/>: the gas of a unit from a
/// metered run (exact), its time from the thread's CPU time running the uninstrumented module (best of several runs,
/// the empty loop subtracted), so the metering's own overhead is not priced into the instructions.
/// </summary>
public static class GasCalibrator
{
    public static IReadOnlyList<CalibrationRow> Measure(GasSchedule schedule, int iterations = 200_000, int repetitions = 5)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        var engine = new Engine.Engine(GasEngineConfig.Default);
        var baseline = MicroModules.Build(null);
        double baselineNs = BestTime(engine, baseline, iterations, repetitions);
        ulong baselineGas = GasOf(engine, baseline, schedule, 1000);

        var rows = new List<CalibrationRow>();
        foreach (var costClass in Enum.GetValues<CostClass>())
        {
            var module = MicroModules.Build(MicroModules.Unit(costClass));
            double units = (double)iterations * MicroModules.UnitsPerIteration;
            double ns = Math.Max(0, BestTime(engine, module, iterations, repetitions) - baselineNs) / units;
            double gas = (GasOf(engine, module, schedule, 1000) - baselineGas) / (1000.0 * MicroModules.UnitsPerIteration);
            rows.Add(new CalibrationRow(costClass, schedule.CostOf(costClass), gas, ns));
        }
        return rows;
    }

    private static double BestTime(Engine.Engine engine, byte[] wasm, int iterations, int repetitions)
    {
        var store = new Store(engine);
        var instance = new Linker().Instantiate(store, Module.Compile(engine, wasm));
        var run = instance.GetFunction("run")!;
        Span<Value> arguments = [Value.I32(iterations / 10)];
        run.Invoke(arguments, []); // warm up: tiered JIT, caches
        arguments[0] = Value.I32(iterations);
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
        {
            long start = CpuTime.ThreadNanoseconds();
            var trap = run.Invoke(arguments, []);
            long elapsed = CpuTime.ThreadNanoseconds() - start;
            if (trap is not null) throw new InvalidOperationException($"calibration module trapped: {trap}");
            best = Math.Min(best, elapsed);
        }
        return best;
    }

    private static ulong GasOf(Engine.Engine engine, byte[] wasm, GasSchedule schedule, int iterations)
    {
        var instrumented = GasInstrumenter.Instrument(wasm, InstrumentationOptions.Default with { Schedule = schedule });
        var module = Module.Compile(engine, instrumented.Bytes);
        var instance = MeteredInstance.Instantiate(new Linker().DefineGasImports(engine), new Store(engine), module);
        var result = instance.Call("run", long.MaxValue, Value.I32(iterations));
        if (result.Trap is not null) throw new InvalidOperationException($"calibration module trapped: {result.Trap}");
        return result.GasUsed;
    }
}
