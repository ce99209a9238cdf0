using System.Diagnostics;
using Xunit;

namespace Contracts.Fuzz.Tests.Dos;

/// <summary>
/// Runs a step and asserts it stayed within a wall-clock bound and a managed-allocation bound (bytes allocated on
/// the calling thread). The bounds are generous multiples of what the step needs on an idle machine, so they hold
/// on a loaded CI box yet still catch anything quadratic or unbounded.
/// </summary>
internal static class Bounded
{
    public static readonly TimeSpan DefaultTime = TimeSpan.FromSeconds(20);
    public const long MiB = 1024 * 1024;

    public static T Run<T>(string what, Func<T> step, long maxAllocatedBytes, TimeSpan? maxTime = null)
    {
        var limit = maxTime ?? DefaultTime;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = step();
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(clock.Elapsed < limit, $"{what} took {clock.Elapsed.TotalSeconds:F1} s (bound {limit.TotalSeconds} s)");
        Assert.True(allocated < maxAllocatedBytes, $"{what} allocated {allocated / MiB} MiB (bound {maxAllocatedBytes / MiB} MiB)");
        return result;
    }

    public static void Run(string what, Action step, long maxAllocatedBytes, TimeSpan? maxTime = null) =>
        Run(what, () => { step(); return 0; }, maxAllocatedBytes, maxTime);
}
