using System.Diagnostics;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Where the 100k-slot commit spends its time, phase by phase, best of 5 rounds: <c>-- quick-commit-phases</c>.
/// Key hashing, sorting, the merge walk without a sink (encoding and hashing only), the merge walk storing into an
/// in-memory batch, and completing that batch.
/// </summary>
internal static class QuickCommitPhases
{
    public static void Run()
    {
        var random = new Random(7);
        var slots = new byte[100_000 * 32];
        random.NextBytes(slots);
        var updates = new SlotUpdate[100_000];
        var best = new double[5];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < updates.Length; i++)
            {
                updates[i] = new SlotUpdate { Key = Keccak256.Compute(slots.AsSpan(i * 32, 32)), Value = UInt256.FromBigEndian(slots.AsSpan(i * 32, 32)) };
            }

            Record(best, 0, watch);
            updates.AsSpan().Sort(new SlotUpdateOrder());
            Record(best, 1, watch);
            using var store = new MemoryStateStore();
            var root = StorageTrieUpdater.Update(store, Hash256.EmptyTrieRoot, new ArraySegment<SlotUpdate>(updates), sink: null);
            Record(best, 2, watch);
            using var batch = store.BeginCommit();
            var stored = StorageTrieUpdater.Update(store, Hash256.EmptyTrieRoot, new ArraySegment<SlotUpdate>(updates), batch);
            Record(best, 3, watch);
            batch.Complete();
            Record(best, 4, watch);
            if (root != stored) throw new InvalidOperationException("Roots differ.");
        }

        Console.WriteLine(
            $"hash keys (scalar) {best[0]:F1} ms | sort {best[1]:F1} ms | merge, no sink {best[2]:F1} ms | " +
            $"merge into batch {best[3]:F1} ms | complete batch {best[4]:F1} ms (best of 5 each)");
    }

    private static void Record(double[] best, int phase, Stopwatch watch)
    {
        best[phase] = Math.Min(best[phase], watch.Elapsed.TotalMilliseconds);
        watch.Restart();
    }
}
