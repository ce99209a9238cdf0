using Contracts.State.Primitives;
using Contracts.State.Tests.Support;
using Contracts.State.Trie;
using Contracts.State.World;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Contracts.State.Tests.Trie;

/// <summary>The merge walk that commits storage tries against the straightforward trie (node objects, one insert at a time).</summary>
public sealed class StorageTrieUpdaterTests
{
    // Keys that differ in a few nibbles near the front or the end, so tries get extensions, deep branches and
    // (with small values) leaves short enough to be embedded in their parent; and some fully random keys.
    private static readonly int[] VaryingBytes = [0, 1, 2, 17, 30, 31];
    private static readonly byte[] Alphabet = [0x00, 0x01, 0x10, 0x11, 0xab, 0xff];

    private static Gen<byte[]> Key =>
        Gen.Frequency(
            (3, Gen.ArrayOf(Gen.Elements(Alphabet), VaryingBytes.Length).Select(picked =>
            {
                var key = new byte[32];
                for (var i = 0; i < VaryingBytes.Length; i++) key[VaryingBytes[i]] = picked[i];
                return key;
            })),
            (1, Gen.ArrayOf(TrieGenerators.AnyByte, 32)));

    private static Gen<UInt256> Value =>
        Gen.Frequency(
            (3, Gen.Choose(1, 300).Select(v => (UInt256)(ulong)v)),
            (1, Gen.ArrayOf(TrieGenerators.AnyByte, 32).Select(b => UInt256.FromBigEndian(b))));

    private static Gen<Dictionary<string, UInt256>> Slots(int max, bool withDeletes) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(
                Key.SelectMany(k => (withDeletes ? Gen.Frequency((3, Value), (1, Gen.Constant(UInt256.Zero))) : Value).Select(v => (k, v))), n))
            .Select(pairs =>
            {
                var slots = new Dictionary<string, UInt256>();
                foreach (var (k, v) in pairs) slots[Convert.ToHexString(k)] = v;
                return slots;
            });

    [Fact]
    public void Merging_updates_gives_the_root_and_the_readable_trie_of_inserting_them_one_by_one()
    {
        var generator = Slots(40, withDeletes: false).SelectMany(before =>
            Gen.Frequency(
                    (2, Slots(40, withDeletes: true)),
                    (1, Gen.Shuffle(before.Keys.ToArray()).SelectMany(keys => Gen.Choose(0, keys.Length).Select(n =>
                        keys.Take(n).ToDictionary(k => k, _ => UInt256.Zero)))))
                .Select(updates => (before, updates)));

        PropertyRunner.Check(generator, c => MatchesStraightforwardTrie(c.before, c.updates), maxTest: 500, seed: 21);
    }

    [Fact]
    public void A_large_batch_merged_on_all_cores_gives_the_same_root_as_the_straightforward_trie()
    {
        var random = new Random(5);
        var before = new Dictionary<string, UInt256>();
        var updates = new Dictionary<string, UInt256>();
        var keys = new List<string>();
        for (var i = 0; i < 3_000; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            keys.Add(Convert.ToHexString(key));
            before[keys[^1]] = (ulong)random.Next(1, 1000);
        }

        for (var i = 0; i < 6_000; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            updates[Convert.ToHexString(key)] = (ulong)random.Next(0, 1000);
        }

        foreach (var key in keys.Take(1_500)) updates[key] = (ulong)random.Next(0, 3);
        Assert.True(MatchesStraightforwardTrie(before, updates));

        // Everything deleted: the empty trie.
        Assert.True(MatchesStraightforwardTrie(before, before.Keys.ToDictionary(k => k, _ => UInt256.Zero)));
    }

    [Fact]
    public void A_missing_stored_node_is_reported_with_its_hash()
    {
        var store = new DictionaryNodeStore();
        var trie = new PatriciaTrie(store);
        var random = new Random(3);
        for (var i = 0; i < 100; i++) trie.Set(RandomKey(random), [0x01]);
        var root = trie.Commit(store);
        store.Nodes.Remove(root);

        var update = new SlotUpdate { Key = new Hash256(RandomKey(random)), Value = (ulong)5 };
        var error = Assert.Throws<MissingTrieNodeException>(() =>
            StorageTrieUpdater.Update(store, root, new ArraySegment<SlotUpdate>([update]), sink: null));
        Assert.Equal(root, error.Hash);
    }

    private static byte[] RandomKey(Random random)
    {
        var key = new byte[32];
        random.NextBytes(key);
        return key;
    }

    private static bool MatchesStraightforwardTrie(Dictionary<string, UInt256> before, Dictionary<string, UInt256> updates)
    {
        var store = new DictionaryNodeStore();
        var reference = new PatriciaTrie(store);
        foreach (var (key, value) in before) reference.Set(Convert.FromHexString(key), StorageEncoding.EncodeSlotValue(value));
        var baseRoot = reference.Commit(store);

        var expected = new PatriciaTrie(baseRoot, store);
        foreach (var (key, value) in updates)
        {
            if (value.IsZero) expected.Delete(Convert.FromHexString(key));
            else expected.Set(Convert.FromHexString(key), StorageEncoding.EncodeSlotValue(value));
        }

        var sorted = updates
            .Select(u => new SlotUpdate { Key = new Hash256(Convert.FromHexString(u.Key)), Value = u.Value })
            .OrderBy(u => u.Key)
            .ToArray();
        var withoutSink = StorageTrieUpdater.Update(store, baseRoot, new ArraySegment<SlotUpdate>(sorted), sink: null);
        // A separate sink, as the real stores have (a batch): workers read the store while others write nodes.
        var sink = new DictionaryNodeStore();
        var committed = StorageTrieUpdater.Update(store, baseRoot, new ArraySegment<SlotUpdate>(sorted), sink);
        if (withoutSink != expected.RootHash || committed != expected.RootHash)
        {
            return false;
        }

        foreach (var (hash, encoding) in sink.Nodes) store.Nodes[hash] = encoding;

        // Every node of the new trie was stored: each key reads back from the committed root alone.
        var reopened = new PatriciaTrie(committed, store);
        var model = new Dictionary<string, UInt256>(before);
        foreach (var (key, value) in updates)
        {
            if (value.IsZero) model.Remove(key);
            else model[key] = value;
        }

        foreach (var key in before.Keys.Concat(updates.Keys))
        {
            var stored = reopened.Get(Convert.FromHexString(key));
            var ok = model.TryGetValue(key, out var value)
                ? stored is not null && StorageEncoding.DecodeSlotValue(stored) == value
                : stored is null;
            if (!ok) return false;
        }

        return true;
    }
}
