using System.Diagnostics;
using Contracts.State.Storage;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Best-of-N times of the big-state block (<see cref="BigStateWorkload"/>) on a loaded machine: <c>-- quick-big-state</c>.
/// Allocations are counted across all threads.
/// </summary>
internal static class QuickBigState
{
    public static void Run()
    {
        var workload = new BigStateWorkload();
        using var memory = new MemoryStateStore();
        var directory = Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var rocks = RocksDbStateStore.Open(directory);
            var watch = Stopwatch.StartNew();
            var memoryRoot = workload.Populate(memory);
            Console.WriteLine($"populate in memory: {watch.ElapsedMilliseconds} ms");
            watch.Restart();
            var rocksRoot = workload.Populate(rocks);
            Console.WriteLine($"populate RocksDB: {watch.ElapsedMilliseconds} ms");
            if (memoryRoot != rocksRoot) throw new InvalidOperationException("The two stores disagree on the root.");

            for (var round = 0; round < 6; round++)
            {
                var block = workload.NextBlock();
                var (memoryMs, memoryMb) = Measure(() => BigStateWorkload.Apply(memory, memoryRoot, block));
                var (rocksMs, rocksMb) = Measure(() => BigStateWorkload.Apply(rocks, rocksRoot, block));
                Console.WriteLine($"10k updates + commit: in memory {memoryMs:F0} ms {memoryMb:F1} MB | RocksDB {rocksMs:F0} ms {rocksMb:F1} MB");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (double Ms, double Mb) Measure(Action action)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        action();
        return (watch.Elapsed.TotalMilliseconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6);
    }
}
