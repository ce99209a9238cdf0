using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>
/// One change to a storage trie: the trie key (Keccak-256 of the slot), the slot's new value (zero deletes) and
/// which trie it belongs to when several tries' changes are sorted together.
/// </summary>
internal struct SlotUpdate
{
    public Hash256 Key;
    public UInt256 Value;
    public int Owner;
}

/// <summary>Orders updates by owner, then by key as the trie orders it (big-endian bytes, so nibble by nibble).</summary>
internal readonly struct SlotUpdateOrder : IComparer<SlotUpdate>
{
    public int Compare(SlotUpdate x, SlotUpdate y)
    {
        var order = x.Owner.CompareTo(y.Owner);
        return order != 0 ? order : x.Key.CompareTo(y.Key);
    }
}
