using System.Diagnostics;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;
using Contracts.State.World;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Time and allocation (all threads) of the 100k-write commit split by phase: <c>-- quick-commit</c>. Each round
/// also runs the reference in the same process: the same slots put one by one into the node-object trie
/// (<see cref="PatriciaTrie"/>, the straightforward commit path) and committed into a fresh in-memory store,
/// and the same writes committed into a fresh RocksDB store (one synced batch). After the rounds, Nethereum's trie
/// builds the same secure trie once and computes its root (roots checked equal): the ratios against it use the
/// medians of rounds 2-5.
/// </summary>
internal static class QuickCommit
{
    private static readonly Address Contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");

    public static void Run()
    {
        var random = new Random(7);
        var slots = new UInt256[100_000];
        var values = new UInt256[100_000];
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < slots.Length; i++)
        {
            random.NextBytes(bytes);
            slots[i] = UInt256.FromBigEndian(bytes);
            random.NextBytes(bytes);
            values[i] = UInt256.FromBigEndian(bytes);
        }

        var totals = new List<double>();
        var rocksTotals = new List<double>();
        Hash256 ourRoot = default;
        for (var round = 0; round < 5; round++)
        {
            var gcs = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var (writes, writesMb, total, totalMb, storageRoot, nodeMb) = Ours(slots, values);
            var gcMs = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
            var gcCount = GC.CollectionCount(0) - gcs;
            var (referenceMs, referenceMb, referenceRoot) = Reference(slots, values);
            if (referenceRoot != storageRoot)
            {
                throw new InvalidOperationException($"Storage roots differ: ours {storageRoot}, reference {referenceRoot}.");
            }

            var rocksMs = OursOnRocksDb(slots, values, computeFirst: false).Total;
            var (_, rocksRootMs, rocksWriteMs) = OursOnRocksDb(slots, values, computeFirst: true);
            ourRoot = storageRoot;
            if (round > 0)
            {
                totals.Add(total);
                rocksTotals.Add(rocksMs);
            }

            Console.WriteLine(
                $"writes {writes:F0} ms {writesMb:F1} MB | commit {total - writes:F0} ms {totalMb - writesMb:F1} MB | " +
                $"total {total:F0} ms {totalMb:F1} MB (node data stored {nodeMb:F1} MB) | {gcCount} GCs, {gcMs:F0} ms paused | " +
                $"reference {referenceMs:F0} ms {referenceMb:F1} MB ({referenceMs / total:F2}x) | RocksDB {rocksMs:F0} ms " +
                $"(separately: root {rocksRootMs:F0} ms, then commit {rocksWriteMs:F0} ms)");
        }

        // Nethereum once, after ours (it takes seconds): the same secure trie built and its root computed, nothing stored.
        var watch = Stopwatch.StartNew();
        var nethereumRoot = NethereumRoot(slots, values);
        var nethereumMs = watch.Elapsed.TotalMilliseconds;
        if (nethereumRoot != ourRoot)
        {
            throw new InvalidOperationException($"Storage roots differ: ours {ourRoot}, Nethereum {nethereumRoot}.");
        }

        var memoryMedian = totals.Order().ElementAt(totals.Count / 2);
        var rocksMedian = rocksTotals.Order().ElementAt(rocksTotals.Count / 2);
        Console.WriteLine(
            $"medians of rounds 2-5: in memory {memoryMedian:F0} ms, RocksDB {rocksMedian:F0} ms | Nethereum (root only) {nethereumMs:F0} ms: " +
            $"{nethereumMs / memoryMedian:F1}x in memory, {nethereumMs / rocksMedian:F1}x RocksDB | load {QuickBigState.LoadAverage()}");
    }

    private static (double WritesMs, double WritesMb, double TotalMs, double TotalMb, Hash256 StorageRoot, double NodeMb) Ours(UInt256[] slots, UInt256[] values)
    {
        GC.Collect();
        var a0 = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        for (var i = 0; i < slots.Length; i++)
        {
            state.SetSlot(Contract, slots[i], values[i]);
        }

        var writes = watch.Elapsed.TotalMilliseconds;
        var a1 = GC.GetTotalAllocatedBytes(precise: true);
        state.Commit();
        var total = watch.Elapsed.TotalMilliseconds;
        var a2 = GC.GetTotalAllocatedBytes(precise: true);
        return (writes, (a1 - a0) / 1e6, total, (a2 - a0) / 1e6, state.GetAccount(Contract)!.Value.StorageRoot, store.NodeDataBytes / 1e6);
    }

    /// <summary>The straightforward path: hash each key, insert into node objects, hash the dirty nodes, store them.</summary>
    private static (double Ms, double Mb, Hash256 Root) Reference(UInt256[] slots, UInt256[] values)
    {
        GC.Collect();
        var a0 = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using var store = new MemoryStateStore();
        var trie = new PatriciaTrie(store);
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].WriteBigEndian(bytes);
            trie.SetOwned(Keccak256.Compute(bytes).ToArray(), StorageEncoding.EncodeSlotValue(values[i]));
        }

        using var batch = store.BeginCommit();
        var root = trie.Commit(batch);
        batch.Complete();
        return (watch.Elapsed.TotalMilliseconds, (GC.GetTotalAllocatedBytes(precise: true) - a0) / 1e6, root);
    }

    private static Hash256 NethereumRoot(UInt256[] slots, UInt256[] values)
    {
        var keccak = new global::Nethereum.Util.Sha3Keccack();
        var trie = new global::Nethereum.Merkle.Patricia.PatriciaTrie();
        var storage = new global::Nethereum.Merkle.Patricia.InMemoryTrieStorage();
        for (var i = 0; i < slots.Length; i++)
        {
            trie.Put(keccak.CalculateHash(slots[i].ToBigEndian()), StorageEncoding.EncodeSlotValue(values[i]), storage);
        }

        return new Hash256(trie.Root.GetHash());
    }

    /// <summary>
    /// The same writes committed into a fresh RocksDB store; with <paramref name="computeFirst"/> the root is
    /// computed first (<see cref="WorldState.ComputeRoot"/>), so the commit that follows only writes the kept nodes:
    /// the time splits into hashing and writing.
    /// </summary>
    private static (double Total, double RootMs, double CommitMs) OursOnRocksDb(UInt256[] slots, UInt256[] values, bool computeFirst)
    {
        var directory = Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var store = RocksDbStateStore.Open(directory);
            GC.Collect();
            var watch = Stopwatch.StartNew();
            var state = WorldState.OpenHead(store);
            for (var i = 0; i < slots.Length; i++)
            {
                state.SetSlot(Contract, slots[i], values[i]);
            }

            var rootMs = 0.0;
            if (computeFirst)
            {
                state.ComputeRoot();
                rootMs = watch.Elapsed.TotalMilliseconds;
            }

            state.Commit();
            var total = watch.Elapsed.TotalMilliseconds;
            return (total, rootMs, total - rootMs);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
