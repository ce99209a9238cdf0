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
/// world-state commit it is compared with); then a chained block (on the root the previous chained block committed,
/// the common case on a chain, where the node cache holds the upper levels that commit wrote) in memory and on
/// RocksDB. One warm-up round is not counted; medians and the load average are printed at the end.
/// </summary>
/// <remarks>
/// <c>CONTRACTS_BENCH_ROCKSDB=dir</c> keeps the populated RocksDB store in <c>dir</c> and reuses it on the next run
/// (its head names the populated root), which saves half a minute per run while iterating.
/// </remarks>
internal static class QuickBigState
{
    private const int Rounds = 7;

    // Blocks run before the measured ones: the first block after opening reads cold caches and pages.
    private const int WarmUpRounds = 1;

    // Chained blocks the RocksDB-only mode runs to reach a steady state; the last Rounds of them are measured.
    private const int SteadyStateBlocks = 30;

    /// <summary><paramref name="rocksDbOnly"/>: only the RocksDB block (no in-memory run, no reference), on a kept store when there is one, for tuning.</summary>
    public static void Run(bool rocksDbOnly = false)
    {
        var workload = new BigStateWorkload();
        using var memory = new MemoryStateStore();
        var kept = Environment.GetEnvironmentVariable("CONTRACTS_BENCH_ROCKSDB");
        var directory = kept ?? Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var rocks = RocksDbStateStore.Open(directory);
            if (rocksDbOnly)
            {
                if (rocks.Head == Hash256.EmptyTrieRoot)
                {
                    var populate = Stopwatch.StartNew();
                    rocks.SetHead(workload.Populate(rocks));
                    Console.WriteLine($"populate RocksDB: {populate.ElapsedMilliseconds} ms");
                }

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
            var memoryChained = memoryRoot;
            var rocksChained = rocksRoot;
            var results = new List<double[]>();
            for (var round = -WarmUpRounds; round < Rounds; round++)
            {
                var block = workload.NextBlock();
                var (memoryMs, memoryMb) = Measure(() => BigStateWorkload.Apply(memory, memoryRoot, block));
                var (rocksMs, rocksMb) = Measure(() => BigStateWorkload.Apply(rocks, rocksRoot, block));
                var readBlock = workload.NextBlock();
                var (readMs, _) = Measure(() => BigStateWorkload.ComputeRoot(rocks, rocksRoot, readBlock));
                var (referenceMs, referenceMb) = Measure(() => BigStateWorkload.ApplyReference(memory, storageRoot, block));
                var (rocksReferenceMs, _) = Measure(() => BigStateWorkload.ApplyReference(rocks, storageRoot, block));
                var chainedBlock = workload.NextBlock();
                var (memoryChainedMs, _) = Measure(() => memoryChained = BigStateWorkload.Apply(memory, memoryChained, chainedBlock));
                var (rocksChainedMs, _) = Measure(() => rocksChained = BigStateWorkload.Apply(rocks, rocksChained, chainedBlock));
                if (round < 0)
                {
                    Console.WriteLine($"warm-up block: in memory {memoryMs:F0} ms, RocksDB {rocksMs:F0} ms (not counted)");
                    continue;
                }

                results.Add([memoryMs, readMs, rocksMs, referenceMs, rocksReferenceMs, memoryChainedMs, rocksChainedMs]);
                Console.WriteLine(
                    $"10k updates + commit: in memory {memoryMs:F0} ms {memoryMb:F1} MB | RocksDB root only {readMs:F0} ms, commit {rocksMs:F0} ms {rocksMb:F1} MB | " +
                    $"reference in memory {referenceMs:F0} ms {referenceMb:F1} MB ({referenceMs / memoryMs:F2}x), RocksDB {rocksReferenceMs:F0} ms ({rocksReferenceMs / rocksMs:F2}x) | " +
                    $"chained: in memory {memoryChainedMs:F0} ms, RocksDB {rocksChainedMs:F0} ms");
            }

            double Median(int column)
            {
                var values = results.Select(r => r[column]).Order().ToArray();
                return values[values.Length / 2];
            }

            Console.WriteLine(
                $"medians of {Rounds}: in memory {Median(0):F0} ms (reference {Median(3):F0} ms, {Median(3) / Median(0):F2}x) | RocksDB root only {Median(1):F0} ms, " +
                $"commit {Median(2):F0} ms (reference {Median(4):F0} ms, {Median(4) / Median(2):F2}x) | chained: in memory {Median(5):F0} ms, RocksDB {Median(6):F0} ms | " +
                $"load {LoadAverage()}");
            RunScaledNethereum();
        }
        finally
        {
            if (kept is null) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Nethereum's trie as a same-run reference on a state it can hold: 100,000 slots and blocks of 1,000 updates
    /// (the common block's shape, a tenth of its size; building Nethereum's 1M-node trie takes minutes and several
    /// GB). Both sides chain their blocks (Nethereum's trie keeps each block's updates), ours commits into the
    /// in-memory store, Nethereum only recomputes its root; the storage roots must agree
    /// (<c>-- quick-big-state nethereum</c>, also run at the end of the default mode).
    /// </summary>
    public static void RunScaledNethereum()
    {
        var workload = new BigStateWorkload(slots: 100_000, updates: 1_000);
        using var memory = new MemoryStateStore();
        var root = workload.Populate(memory);
        var storage = new global::Nethereum.Merkle.Patricia.InMemoryTrieStorage();
        var watch = Stopwatch.StartNew();
        var nethereum = workload.PopulateNethereum(storage);
        _ = nethereum.Root.GetHash();
        Console.WriteLine($"scaled reference: Nethereum's trie of {workload.Slots:N0} slots built in {watch.ElapsedMilliseconds} ms");
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var round = -WarmUpRounds; round < Rounds; round++)
        {
            var block = workload.NextBlock();
            var (oursMs, oursMb) = Measure(() => root = BigStateWorkload.Apply(memory, root, block));
            byte[] nethereumRoot = [];
            var (theirMs, theirMb) = Measure(() =>
            {
                nethereumRoot = BigStateWorkload.ApplyNethereum(nethereum, storage, block);
                return default;
            });
            var storageRoot = WorldState.OpenAt(memory, root).GetAccount(BigStateWorkload.Contract)!.Value.StorageRoot;
            if (!storageRoot.ToArray().AsSpan().SequenceEqual(nethereumRoot))
            {
                throw new InvalidOperationException($"Storage roots differ: ours {storageRoot}, Nethereum {Convert.ToHexString(nethereumRoot)}.");
            }

            if (round < 0) continue;
            ours.Add(oursMs);
            theirs.Add(theirMs);
            Console.WriteLine(
                $"{workload.Updates:N0} updates to {workload.Slots:N0} slots: ours (commit, in memory) {oursMs:F1} ms {oursMb:F1} MB | " +
                $"Nethereum (root only) {theirMs:F1} ms {theirMb:F1} MB ({theirMs / oursMs:F1}x)");
        }

        var oursMedian = ours.Order().ElementAt(ours.Count / 2);
        var theirMedian = theirs.Order().ElementAt(theirs.Count / 2);
        Console.WriteLine(
            $"scaled medians of {Rounds}: ours {oursMedian:F1} ms, Nethereum {theirMedian:F1} ms ({theirMedian / oursMedian:F1}x) | load {LoadAverage()}");
    }

    /// <summary>Only the in-memory block, fixed root and chained, many rounds: for profiling (<c>-- quick-big-state memory</c>).</summary>
    public static void RunMemoryOnly()
    {
        var workload = new BigStateWorkload();
        using var memory = new MemoryStateStore();
        var watch = Stopwatch.StartNew();
        var root = workload.Populate(memory);
        Console.WriteLine($"populate in memory: {watch.ElapsedMilliseconds} ms");
        var chained = root;
        var fixedTimes = new List<double>();
        var chainedTimes = new List<double>();
        for (var round = 0; round < 3 * Rounds; round++)
        {
            var block = workload.NextBlock();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (fixedMs, fixedMb) = Measure(() => BigStateWorkload.Apply(memory, root, block));
            var fixedCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Hash256 next = default;
            var (chainedMs, chainedMb) = Measure(() => next = BigStateWorkload.Apply(memory, chained, workload.NextBlock()));
            chained = next;
            fixedTimes.Add(fixedMs);
            chainedTimes.Add(chainedMs);
            Console.WriteLine(
                $"in memory: on the 1M root {fixedMs:F0} ms ({fixedCpu.TotalMilliseconds:F0} ms CPU) {fixedMb:F1} MB | chained {chainedMs:F0} ms {chainedMb:F1} MB");
        }

        Console.WriteLine(
            $"medians: on the 1M root {fixedTimes.Order().ElementAt(fixedTimes.Count / 2):F0} ms, chained {chainedTimes.Order().ElementAt(chainedTimes.Count / 2):F0} ms | load {LoadAverage()}");
    }

    private static void RunRocksDbOnly(BigStateWorkload workload, RocksDbStateStore rocks)
    {
        var times = new List<double>();
        for (var round = -WarmUpRounds; round < Rounds; round++)
        {
            var block = workload.NextBlock();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (rocksMs, rocksMb) = Measure(() => BigStateWorkload.Apply(rocks, rocks.Head, block));
            var commitCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var readBlock = workload.NextBlock();
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (readMs, _) = Measure(() => BigStateWorkload.ComputeRoot(rocks, rocks.Head, readBlock));
            var readCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            if (round >= 0) times.Add(rocksMs);
            Console.WriteLine(
                $"RocksDB root only {readMs:F0} ms ({readCpu.TotalMilliseconds:F0} ms CPU), commit {rocksMs:F0} ms " +
                $"({commitCpu.TotalMilliseconds:F0} ms CPU) {rocksMb:F1} MB");
        }

        Console.WriteLine($"median commit of {Rounds} after {WarmUpRounds} warm-up: {times.Order().ElementAt(times.Count / 2):F0} ms | load {LoadAverage()}");

        // A node's steady state: blocks chained on the previous block's root, long enough for the node cache and the
        // mapped table pages to settle (a fresh process reads most of a block's level-4 branches cold).
        var chained = rocks.Head;
        var steady = new List<double>();
        for (var block = 0; block < SteadyStateBlocks; block++)
        {
            var updates = workload.NextBlock();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (ms, _) = Measure(() => chained = BigStateWorkload.Apply(rocks, chained, updates));
            var commitCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            if (block < SteadyStateBlocks - Rounds) continue;
            steady.Add(ms);
            Console.WriteLine($"chained block {block + 1}: commit {ms:F0} ms ({commitCpu.TotalMilliseconds:F0} ms CPU)");
        }

        Console.WriteLine($"chained, steady state: median of the last {Rounds} of {SteadyStateBlocks} blocks {steady.Order().ElementAt(steady.Count / 2):F0} ms | load {LoadAverage()}");
    }

    /// <summary>The one-minute load average, printed beside the times (the machine is shared).</summary>
    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
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
