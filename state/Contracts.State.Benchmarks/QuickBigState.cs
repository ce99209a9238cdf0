using System.Diagnostics;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Times of the big-state block (<see cref="BigStateWorkload"/>) on a loaded machine: <c>-- quick-big-state</c>.
/// Allocations are counted across all threads. Each round runs, on the same block: ours in memory; ours on RocksDB
/// (one synced batch); only computing the root on RocksDB (the reads and hashing, nothing written), on another block
/// so that neither finds the other's reads in the node cache; and the reference, the straightforward path: the storage trie's node objects updated
/// one slot at a time, then the dirty ones hashed and stored (storage trie only, so it does a little less than the
/// world-state commit it is compared with). Medians are printed at the end.
/// </summary>
/// <remarks>
/// <c>CONTRACTS_BENCH_ROCKSDB=dir</c> keeps the populated RocksDB store in <c>dir</c> and reuses it on the next run
/// (its head names the populated root), which saves half a minute per run while iterating.
/// </remarks>
internal static class QuickBigState
{
    private const int Rounds = 7;

    /// <summary><paramref name="rocksDbOnly"/>: only the RocksDB block on a kept store (no in-memory run, no reference), for tuning.</summary>
    public static void Run(bool rocksDbOnly = false)
    {
        var workload = new BigStateWorkload();
        using var memory = new MemoryStateStore();
        var kept = Environment.GetEnvironmentVariable("CONTRACTS_BENCH_ROCKSDB");
        var directory = kept ?? Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var rocks = RocksDbStateStore.Open(directory);
            if (rocksDbOnly && rocks.Head != Hash256.EmptyTrieRoot)
            {
                RunRocksDbOnly(workload, rocks);
                return;
            }

            var watch = Stopwatch.StartNew();
            var memoryRoot = workload.Populate(memory);
            Console.WriteLine($"populate in memory: {watch.ElapsedMilliseconds} ms");
            var rocksRoot = rocks.Head;
            if (rocksRoot != memoryRoot)
            {
                watch.Restart();
                rocksRoot = workload.Populate(rocks);
                rocks.SetHead(rocksRoot);
                Console.WriteLine($"populate RocksDB: {watch.ElapsedMilliseconds} ms");
            }

            var storageRoot = WorldState.OpenAt(memory, memoryRoot).GetAccount(BigStateWorkload.Contract)!.Value.StorageRoot;
            var results = new List<double[]>();
            for (var round = 0; round < Rounds; round++)
            {
                var block = workload.NextBlock();
                var (memoryMs, memoryMb) = Measure(() => BigStateWorkload.Apply(memory, memoryRoot, block));
                var (rocksMs, rocksMb) = Measure(() => BigStateWorkload.Apply(rocks, rocksRoot, block));
                var readBlock = workload.NextBlock();
                var (readMs, _) = Measure(() => BigStateWorkload.ComputeRoot(rocks, rocksRoot, readBlock));
                var (referenceMs, referenceMb) = Measure(() => BigStateWorkload.ApplyReference(memory, storageRoot, block));
                var (rocksReferenceMs, _) = Measure(() => BigStateWorkload.ApplyReference(rocks, storageRoot, block));
                results.Add([memoryMs, readMs, rocksMs, referenceMs, rocksReferenceMs]);
                Console.WriteLine(
                    $"10k updates + commit: in memory {memoryMs:F0} ms {memoryMb:F1} MB | RocksDB root only {readMs:F0} ms, commit {rocksMs:F0} ms {rocksMb:F1} MB | " +
                    $"reference in memory {referenceMs:F0} ms {referenceMb:F1} MB ({referenceMs / memoryMs:F2}x), RocksDB {rocksReferenceMs:F0} ms ({rocksReferenceMs / rocksMs:F2}x)");
            }

            double Median(int column)
            {
                var values = results.Select(r => r[column]).Order().ToArray();
                return values[values.Length / 2];
            }

            Console.WriteLine(
                $"medians of {Rounds}: in memory {Median(0):F0} ms (reference {Median(3):F0} ms) | RocksDB root only {Median(1):F0} ms, " +
                $"commit {Median(2):F0} ms (reference {Median(4):F0} ms)");
        }
        finally
        {
            if (kept is null) Directory.Delete(directory, recursive: true);
        }
    }

    private static void RunRocksDbOnly(BigStateWorkload workload, RocksDbStateStore rocks)
    {
        var times = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var block = workload.NextBlock();
            var (rocksMs, rocksMb) = Measure(() => BigStateWorkload.Apply(rocks, rocks.Head, block));
            var readBlock = workload.NextBlock();
            var (readMs, _) = Measure(() => BigStateWorkload.ComputeRoot(rocks, rocks.Head, readBlock));
            times.Add(rocksMs);
            Console.WriteLine($"RocksDB root only {readMs:F0} ms, commit {rocksMs:F0} ms {rocksMb:F1} MB");
        }

        Console.WriteLine($"median commit {times.Order().ElementAt(times.Count / 2):F0} ms");
    }

    private static (double Ms, double Mb) Measure(Func<Hash256> action)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        action();
        return (watch.Elapsed.TotalMilliseconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6);
    }
}
