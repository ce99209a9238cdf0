using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Execution.State;

/// <summary>
/// The execution layer's view of the world state: accounts, 32-byte slots (Ethereum's storage trie) and byte-string
/// entries (the state layer's ordered byte-string storage, a separate key space in which an empty value is distinct
/// from absent), checkpoints. The host ABI speaks in 32-byte big-endian words; this converts them.
/// </summary>
internal sealed class ContractState(WorldState world)
{
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
    public void GetSlot(Address address, ReadOnlySpan<byte> slot, Span<byte> value) =>
        World.GetSlot(address, UInt256.FromBigEndian(slot)).WriteBigEndian(value);

    /// <summary>Stores a word (the state layer keeps it as Ethereum does, without leading zeros); zero deletes.</summary>
    public void SetSlot(Address address, ReadOnlySpan<byte> slot, ReadOnlySpan<byte> value) =>
        World.SetSlot(address, UInt256.FromBigEndian(slot), UInt256.FromBigEndian(value));

    public bool TryGetBytes(Address address, ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) =>
        World.TryGetBytes(address, key, out value);

    public void SetBytes(Address address, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => World.SetBytes(address, key, value);

    public bool RemoveBytes(Address address, ReadOnlySpan<byte> key) => World.RemoveBytes(address, key);

    /// <summary>The first byte-string entry whose key starts with <paramref name="prefix"/> and is above <paramref name="after"/>.</summary>
    public (byte[] Key, byte[] Value)? NextBytes(Address address, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> after)
    {
        ReadOnlySpan<byte> startAt = prefix;
        byte[]? successor = null;
        if (!after.IsEmpty)
        {
            // Strictly above `after`: its smallest successor is `after` followed by a zero byte.
            successor = new byte[after.Length + 1];
            after.CopyTo(successor);
            if (successor.AsSpan().SequenceCompareTo(prefix) > 0) startAt = successor;
        }
        var entries = World.ReadBytesRange(address, prefix, startAt, 1);
        if (entries.Count == 0) return null;
        return (entries[0].Key, entries[0].Value);
    }

    public int Checkpoint() => World.Checkpoint();

    public void Revert(int checkpoint) => World.Revert(checkpoint);

    public void Release(int checkpoint) => World.Release(checkpoint);
}
