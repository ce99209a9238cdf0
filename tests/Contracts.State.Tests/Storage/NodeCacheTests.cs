using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using Xunit;

namespace Contracts.State.Tests.Storage;

public sealed class NodeCacheTests : IDisposable
{
    private static readonly Address Contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_node_read_once_per_generation_survives_while_others_are_evicted_within_the_budget()
    {
        // 16 shards, each with generations of 32,000 / 16 / 2 = 1,000 bytes: 10 entries of 4 + 96 bytes.
        var cache = new NodeCache(32_000);
        var hot = Hash(0);
        cache.Add(hot, new byte[4]);
        var kept = 0;
        for (var i = 1; i <= 2_000; i++)
        {
            cache.Add(Hash(i), new byte[4]);
            Assert.True(cache.TryGet(hot, out var encoding));
            Assert.Equal(4, encoding.Length);
        }

        for (var i = 1; i <= 2_000; i++)
        {
            if (cache.TryGet(Hash(i), out _)) kept++;
        }

        // At most two generations of 10 entries in each of 16 shards.
        Assert.InRange(kept, 16, 320);
    }

    [Fact]
    public void Every_value_reads_back_through_a_store_whose_node_cache_holds_almost_nothing()
    {
        using var store = RocksDbStateStore.Open(_directory.Sub("db"), new RocksDbStateStoreOptions { NodeCacheBytes = 1 });
        var state = WorldState.OpenHead(store);
        for (var i = 0; i < 2_000; i++)
        {
            state.SetSlot(Contract, (ulong)i, (ulong)i + 1);
        }

        var root = state.Commit();
        var reopened = WorldState.OpenAt(store, root);
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal((UInt256)((ulong)i + 1), reopened.GetSlot(Contract, (ulong)i));
        }

        for (var i = 0; i < 2_000; i += 2)
        {
            reopened.SetSlot(Contract, (ulong)i, 0);
        }

        var second = reopened.Commit();
        var memory = new MemoryStateStore();
        var expected = WorldState.OpenHead(memory);
        for (var i = 1; i < 2_000; i += 2)
        {
            expected.SetSlot(Contract, (ulong)i, (ulong)i + 1);
        }

        Assert.Equal(expected.Commit(), second);
    }

    private static Hash256 Hash(int i) => Keccak256.Compute(BitConverter.GetBytes(i));
}
