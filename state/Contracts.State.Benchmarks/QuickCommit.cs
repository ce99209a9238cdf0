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
/// and the same writes committed into a fresh RocksDB store (one synced batch).
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

            var rocksMs = OursOnRocksDb(slots, values);
            Console.WriteLine(
                $"writes {writes:F0} ms {writesMb:F1} MB | commit {total - writes:F0} ms {totalMb - writesMb:F1} MB | " +
                $"total {total:F0} ms {totalMb:F1} MB (node data stored {nodeMb:F1} MB) | {gcCount} GCs, {gcMs:F0} ms paused | " +
                $"reference {referenceMs:F0} ms {referenceMb:F1} MB ({referenceMs / total:F2}x) | RocksDB {rocksMs:F0} ms");
        }
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

    private static double OursOnRocksDb(UInt256[] slots, UInt256[] values)
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

            state.Commit();
            return watch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
