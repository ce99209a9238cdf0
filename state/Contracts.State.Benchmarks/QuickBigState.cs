using System.Diagnostics;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Best-of-N times of the big-state block (<see cref="BigStateWorkload"/>) on a loaded machine: <c>-- quick-big-state</c>.
/// Allocations are counted across all threads. The reference, run on the same block in the same round, is the
/// straightforward path: the storage trie's node objects updated one slot at a time, then the dirty ones hashed
/// and stored (storage trie only, so it does a little less than the world-state commit it is compared with).
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

            var storageRoot = WorldState.OpenAt(memory, memoryRoot).GetAccount(BigStateWorkload.Contract)!.Value.StorageRoot;
            for (var round = 0; round < 6; round++)
            {
                var block = workload.NextBlock();
                var (memoryMs, memoryMb) = Measure(() => BigStateWorkload.Apply(memory, memoryRoot, block));
                var (rocksMs, rocksMb) = Measure(() => BigStateWorkload.Apply(rocks, rocksRoot, block));
                var (referenceMs, referenceMb) = Measure(() => BigStateWorkload.ApplyReference(memory, storageRoot, block));
                var (rocksReferenceMs, _) = Measure(() => BigStateWorkload.ApplyReference(rocks, storageRoot, block));
                Console.WriteLine(
                    $"10k updates + commit: in memory {memoryMs:F0} ms {memoryMb:F1} MB | RocksDB {rocksMs:F0} ms {rocksMb:F1} MB | " +
                    $"reference in memory {referenceMs:F0} ms {referenceMb:F1} MB ({referenceMs / memoryMs:F2}x), RocksDB {rocksReferenceMs:F0} ms ({rocksReferenceMs / rocksMs:F2}x)");
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
