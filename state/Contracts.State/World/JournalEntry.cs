using Contracts.State.Primitives;

namespace Contracts.State.World;

internal enum JournalKind : byte
{
    Account,
    Slot,
    Bytes,
    Code,
    StorageCleared,
}

/// <summary>What one write replaced, so that reverting a checkpoint can put it back.</summary>
/// <remarks>
/// Account: <see cref="HadEntry"/> says whether the overlay held the account. Slot: whether the overlay held the
/// slot, and its previous write. Bytes: whether the key was already among the touched ones, and the previous
/// stored (RLP) value in the account's byte-string trie, null when absent. StorageCleared: whether the account
/// was already cleared in this view, and its byte-string trie before the clear (null when the view had none).
/// </remarks>
internal readonly record struct JournalEntry(
    JournalKind Kind,
    Address Address,
    bool HadEntry,
    Account PreviousAccount,
    UInt256 Slot,
    UInt256 PreviousSlot,
    byte[]? BytesKey,
    byte[]? PreviousBytes,
    Hash256 CodeHash,
    Trie.PatriciaTrie? PreviousBytesTrie = null);

/// <summary>A slot of one account.</summary>
internal readonly record struct SlotKey(Address Address, UInt256 Slot) : IComparable<SlotKey>
{
    public int CompareTo(SlotKey other)
    {
        var order = Address.CompareTo(other.Address);
        return order != 0 ? order : Slot.CompareTo(other.Slot);
    }
}

/// <summary>A byte-string key of one account.</summary>
internal readonly struct BytesKey(Address address, byte[] key) : IEquatable<BytesKey>, IComparable<BytesKey>
{
    public Address Address { get; } = address;

    public byte[] Key { get; } = key;

    public bool Equals(BytesKey other) => Address == other.Address && Key.AsSpan().SequenceEqual(other.Key);

    public override bool Equals(object? obj) => obj is BytesKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Address);
        hash.AddBytes(Key);
        return hash.ToHashCode();
    }

    public int CompareTo(BytesKey other)
    {
        var order = Address.CompareTo(other.Address);
        return order != 0 ? order : Key.AsSpan().SequenceCompareTo(other.Key);
    }
}
