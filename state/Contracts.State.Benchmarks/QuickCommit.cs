using System.Diagnostics;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.State.Benchmarks;

/// <summary>Time and allocation (all threads) of the 100k-write commit split by phase: <c>-- quick-commit</c>.</summary>
internal static class QuickCommit
{
    public static void Run()
    {
        var random = new Random(7);
        var keys = new byte[100_000][];
        var values = new byte[100_000][];
        for (var i = 0; i < keys.Length; i++)
        {
            random.NextBytes(keys[i] = new byte[32]);
            random.NextBytes(values[i] = new byte[32]);
        }

        var contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");
        for (var round = 0; round < 5; round++)
        {
            GC.Collect();
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            using var store = new MemoryStateStore();
            var state = WorldState.OpenHead(store);
            for (var i = 0; i < keys.Length; i++)
            {
                state.SetSlot(contract, UInt256.FromBigEndian(keys[i]), UInt256.FromBigEndian(values[i]));
            }

            var writes = watch.Elapsed.TotalMilliseconds;
            var a1 = GC.GetTotalAllocatedBytes(precise: true);
            state.Commit();
            var total = watch.Elapsed.TotalMilliseconds;
            var a2 = GC.GetTotalAllocatedBytes(precise: true);
            Console.WriteLine($"writes {writes:F0} ms {(a1 - a0) / 1e6:F1} MB | commit {total - writes:F0} ms {(a2 - a1) / 1e6:F1} MB | total {total:F0} ms {(a2 - a0) / 1e6:F1} MB");
        }
    }
}
