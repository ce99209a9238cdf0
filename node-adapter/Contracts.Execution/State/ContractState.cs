using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Execution.State;

/// <summary>
/// The execution layer's view of the world state: accounts, 32-byte slots and byte-string entries in separate key
/// spaces, checkpoints. Today's <see cref="WorldState"/> has one byte-keyed storage map per account, so this adapter
/// keeps the two key spaces apart with a one-byte tag (slots under 0x00, byte-string keys under 0x01) and stores
/// byte-string values behind a marker byte so that an empty value stays distinct from absent. When the state layer's
/// slot and byte-string API lands, only this class changes.
/// </summary>
internal sealed class ContractState(WorldState world)
{
    private const byte SlotSpace = 0x00;
    private const byte BytesSpace = 0x01;
    private const byte PresentMarker = 0x01;

    public WorldState World { get; } = world;

    public bool Exists(Address address) => World.GetAccount(address) is not null;

    public UInt256 GetBalance(Address address) => World.GetBalance(address);

    public void SetBalance(Address address, UInt256 balance) => World.SetBalance(address, balance);

    public ulong GetNonce(Address address) => World.GetNonce(address);

    public void SetNonce(Address address, ulong nonce) => World.SetNonce(address, nonce);

    public Hash256 GetCodeHash(Address address) => World.GetAccount(address)?.CodeHash ?? Hash256.Zero;

    public byte[]? GetCode(Address address) => World.GetCode(address);

    public void SetCode(Address address, ReadOnlySpan<byte> code) => World.SetCode(address, code);

    public void CreateAccount(Address address) => World.CreateAccount(address);

    /// <summary>Writes the 32-byte word at <paramref name="slot"/> (zero when absent).</summary>
    public void GetSlot(Address address, ReadOnlySpan<byte> slot, Span<byte> value)
    {
        Span<byte> key = stackalloc byte[33];
        key[0] = SlotSpace;
        slot.CopyTo(key[1..]);
        value.Clear();
        if (World.TryGetStorage(address, key, out var stored)) stored.Span.CopyTo(value[(32 - stored.Length)..]);
    }

    /// <summary>Stores a word, without leading zeros (as Ethereum's trie does); zero deletes.</summary>
    public void SetSlot(Address address, ReadOnlySpan<byte> slot, ReadOnlySpan<byte> value)
    {
        Span<byte> key = stackalloc byte[33];
        key[0] = SlotSpace;
        slot.CopyTo(key[1..]);
        int first = value.IndexOfAnyExcept((byte)0);
        World.SetStorage(address, key, first < 0 ? ReadOnlySpan<byte>.Empty : value[first..]);
    }

    public bool TryGetBytes(Address address, ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        if (World.TryGetStorage(address, BytesKey(key), out var stored))
        {
            value = stored[1..];
            return true;
        }
        value = default;
        return false;
    }

    public void SetBytes(Address address, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var stored = new byte[value.Length + 1];
        stored[0] = PresentMarker;
        value.CopyTo(stored.AsSpan(1));
        World.SetStorage(address, BytesKey(key), stored);
    }

    public bool RemoveBytes(Address address, ReadOnlySpan<byte> key)
    {
        byte[] flat = BytesKey(key);
        if (!World.TryGetStorage(address, flat, out _)) return false;
        World.SetStorage(address, flat, ReadOnlySpan<byte>.Empty);
        return true;
    }

    /// <summary>The first byte-string entry whose key starts with <paramref name="prefix"/> and is above <paramref name="after"/>.</summary>
    public (byte[] Key, byte[] Value)? NextBytes(Address address, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> after)
    {
        byte[] start = BytesKey(prefix);
        if (!after.IsEmpty)
        {
            // Strictly above `after`: its smallest successor is `after` followed by a zero byte.
            byte[] successor = new byte[after.Length + 2];
            successor[0] = BytesSpace;
            after.CopyTo(successor.AsSpan(1));
            if (successor.AsSpan().SequenceCompareTo(start) > 0) start = successor;
        }
        var entries = World.ReadStorageRange(address, BytesKey(prefix), start, 1);
        if (entries.Count == 0) return null;
        return (entries[0].Key[1..].ToArray(), entries[0].Value[1..].ToArray());
    }

    public int Checkpoint() => World.Checkpoint();

    public void Revert(int checkpoint) => World.Revert(checkpoint);

    public void Release(int checkpoint) => World.Release(checkpoint);

    private static byte[] BytesKey(ReadOnlySpan<byte> key)
    {
        var flat = new byte[key.Length + 1];
        flat[0] = BytesSpace;
        key.CopyTo(flat.AsSpan(1));
        return flat;
    }
}
