using System.Diagnostics;

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

    public static double GeometricMean(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? double.NaN : Math.Exp(values.Sum(Math.Log) / values.Count);
}
