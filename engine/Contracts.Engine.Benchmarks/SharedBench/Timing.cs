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

    /// <summary>
    /// The fastest of <paramref name="runs"/> runs of each action, the actions taken in turn within every run (a, b, c,
    /// a, b, c, …): on a shared machine a burst of load then slows every contender of a ratio alike instead of one, and
    /// the fastest run is the one least disturbed by other processes.
    /// </summary>
    public static double[] InterleavedBestMs(int runs, params Action[] actions)
    {
        var best = new double[actions.Length];
        Array.Fill(best, double.PositiveInfinity);
        for (int i = 0; i < runs; i++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                long start = Stopwatch.GetTimestamp();
                actions[a]();
                best[a] = Math.Min(best[a], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return best;
    }

    public static double GeometricMean(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? double.NaN : Math.Exp(values.Sum(Math.Log) / values.Count);
}
