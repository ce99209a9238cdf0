using System.Diagnostics;
using Contracts.GasMetering.Calibration;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>Wall-clock timing for the bench runner (measurement only: nothing here reaches contract execution).</summary>
public static class Timing
{
    /// <summary>Median over <paramref name="runs"/> runs of the milliseconds one run of <paramref name="action"/> takes.</summary>
    public static double MedianMs(int runs, Action action)
    {
        var samples = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return runs % 2 == 1 ? samples[runs / 2] : (samples[runs / 2 - 1] + samples[runs / 2]) / 2;
    }

    /// <summary>
    /// The fastest of <paramref name="runs"/> runs of each action, the actions taken in turn within every run (a, b, c,
    /// a, b, c, …): on a shared machine a burst of load then slows every contender of a ratio alike instead of one, and
    /// the fastest run is the one least disturbed by other processes.
    /// </summary>
    public static double[] InterleavedBestMs(int runs, params Action[] actions) =>
        InterleavedBestOnClockMs(runs, () => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency, actions);

    /// <summary><see cref="InterleavedBestMs(int, Action[])"/> on another clock, in milliseconds: e.g. the calling
    /// thread's CPU time, which counts only the time this thread ran (on a loaded machine wall time also counts the share
    /// of the cores other processes took).</summary>
    public static double[] InterleavedBestOnClockMs(int runs, Func<double> clockMs, params Action[] actions)
    {
        var best = new double[actions.Length];
        Array.Fill(best, double.PositiveInfinity);
        for (int i = 0; i < runs; i++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                double start = clockMs();
                actions[a]();
                best[a] = Math.Min(best[a], clockMs() - start);
            }
        }
        return best;
    }

    /// <summary>The calling thread's CPU time, in milliseconds (gas-metering's <see cref="CpuTime"/>).</summary>
    public static double ThreadCpuMs() => CpuTime.ThreadNanoseconds() / 1e6;

    public static double GeometricMean(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? double.NaN : Math.Exp(values.Sum(Math.Log) / values.Count);
}
