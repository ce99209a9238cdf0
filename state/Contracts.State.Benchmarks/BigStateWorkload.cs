using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;
using Contracts.State.World;
using Nethereum.Util;

namespace Contracts.State.Benchmarks;

/// <summary>
/// The common block: a few changes to a big state. One contract holds 1,000,000 random slots (committed once);
/// each block updates 10,000 of them (existing slots, fresh values) on a view opened at that root and commits.
/// Nethereum's trie does the same updates on its own copy of the same storage trie and recomputes the root.
/// </summary>
internal sealed class BigStateWorkload
{
    public const int DefaultSlots = 1_000_000;
    public const int DefaultUpdates = 10_000;

    public static readonly Address Contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");

    private readonly UInt256[] _slots;
    private int _block;

    /// <summary>The common block by default; a smaller state (same shape) where a slower reference must do the same work.</summary>
    public BigStateWorkload(int slots = DefaultSlots, int updates = DefaultUpdates)
    {
        Slots = slots;
        Updates = updates;
        _slots = new UInt256[slots];
        var random = new Random(11);
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < Slots; i++)
        {
            random.NextBytes(bytes);
            _slots[i] = UInt256.FromBigEndian(bytes);
        }
    }

    public int Slots { get; }

    public int Updates { get; }

    /// <summary>Commits the 1,000,000 slots into <paramref name="store"/> in blocks of 100,000; returns the root.</summary>
    public Hash256 Populate(IStateStore store)
    {
        var state = WorldState.OpenHead(store);
        for (var start = 0; start < Slots; start += 100_000)
        {
            for (var i = start; i < Math.Min(Slots, start + 100_000); i++)
            {
                state.SetSlot(Contract, _slots[i], InitialValue(i));
            }

            state.Commit();
        }

        return state.Root;
    }

    /// <summary>The same storage trie in Nethereum's patricia trie, fully in memory.</summary>
    public global::Nethereum.Merkle.Patricia.PatriciaTrie PopulateNethereum(global::Nethereum.Merkle.Patricia.InMemoryTrieStorage storage)
    {
        var trie = new global::Nethereum.Merkle.Patricia.PatriciaTrie();
        var keccak = new Sha3Keccack();
        for (var i = 0; i < Slots; i++)
        {
            trie.Put(keccak.CalculateHash(_slots[i].ToBigEndian()), Encode(InitialValue(i)), storage);
        }

        return trie;
    }

    /// <summary>The next block's updates: 10,000 existing slots (spread over the whole trie) and their new values.</summary>
    public (UInt256 Slot, UInt256 Value)[] NextBlock()
    {
        _block++;
        var updates = new (UInt256, UInt256)[Updates];
        var random = new Random(_block);
        for (var i = 0; i < Updates; i++)
        {
            updates[i] = (_slots[random.Next(Slots)], (ulong)random.NextInt64(1, long.MaxValue));
        }

        return updates;
    }

    /// <summary>Applies a block to a view on <paramref name="root"/> and commits it.</summary>
    public static Hash256 Apply(IStateStore store, Hash256 root, (UInt256 Slot, UInt256 Value)[] updates)
    {
        var state = WorldState.OpenAt(store, root);
        foreach (var (slot, value) in updates)
        {
            state.SetSlot(Contract, slot, value);
        }

        return state.Commit();
    }

    /// <summary>The root a block leads to from <paramref name="root"/>, nothing stored: the commit's reads and hashing without its write.</summary>
    public static Hash256 ComputeRoot(IStateStore store, Hash256 root, (UInt256 Slot, UInt256 Value)[] updates)
    {
        var state = WorldState.OpenAt(store, root);
        foreach (var (slot, value) in updates)
        {
            state.SetSlot(Contract, slot, value);
        }

        return state.ComputeRoot();
    }

    /// <summary>The block through the node-object trie (<see cref="PatriciaTrie"/>): the previous commit path, as a same-run reference.</summary>
    public static Hash256 ApplyReference(IStateStore store, Hash256 storageRoot, (UInt256 Slot, UInt256 Value)[] updates)
    {
        var trie = new PatriciaTrie(storageRoot, store);
        Span<byte> bytes = stackalloc byte[UInt256.Length];
        foreach (var (slot, value) in updates)
        {
            slot.WriteBigEndian(bytes);
            trie.SetOwned(Keccak256.Compute(bytes).ToArray(), StorageEncoding.EncodeSlotValue(value));
        }

        using var batch = store.BeginCommit();
        var root = trie.Commit(batch);
        batch.Complete();
        return root;
    }

    public static byte[] ApplyNethereum(
        global::Nethereum.Merkle.Patricia.PatriciaTrie trie, global::Nethereum.Merkle.Patricia.InMemoryTrieStorage storage, (UInt256 Slot, UInt256 Value)[] updates)
    {
        var keccak = new Sha3Keccack();
        foreach (var (slot, value) in updates)
        {
            trie.Put(keccak.CalculateHash(slot.ToBigEndian()), Encode(value), storage);
        }

        return trie.Root.GetHash();
    }

    private static UInt256 InitialValue(int i) => (ulong)i * 7919 + 1;

    private static byte[] Encode(UInt256 value) =>
        global::Nethereum.RLP.RLP.EncodeElement(value.ToBigEndian().AsSpan(UInt256.Length - value.MinimalByteCount).ToArray());
}
