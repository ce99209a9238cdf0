using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Trie;
using Contracts.State.World;

namespace Contracts.State.Tests.World;

/// <summary>What the world state should contain, kept as plain dictionaries; computes its root with plain tries.</summary>
internal sealed class StateModel
{
    public Dictionary<Address, Account> Accounts { get; } = [];

    public Dictionary<Address, SortedDictionary<UInt256, UInt256>> Slots { get; } = [];

    public Dictionary<Address, SortedDictionary<byte[], byte[]>> Bytes { get; } = [];

    public Dictionary<Hash256, byte[]> Code { get; } = [];

    public StateModel Clone()
    {
        var copy = new StateModel();
        foreach (var (a, acc) in Accounts) copy.Accounts[a] = acc;
        foreach (var (a, s) in Slots) copy.Slots[a] = new SortedDictionary<UInt256, UInt256>(s);
        foreach (var (a, s) in Bytes) copy.Bytes[a] = new SortedDictionary<byte[], byte[]>(s, ByteArrayComparer.Instance);
        foreach (var (h, c) in Code) copy.Code[h] = c;
        return copy;
    }

    public void Touch(Address address) => Accounts.TryAdd(address, Account.Empty);

    public void SetSlot(Address address, UInt256 slot, UInt256 value)
    {
        Touch(address);
        var slots = Slots.TryGetValue(address, out var s) ? s : Slots[address] = [];
        if (value.IsZero) slots.Remove(slot);
        else slots[slot] = value;
    }

    /// <summary>An existing account loses every slot and byte string; an absent one stays absent.</summary>
    public void ClearStorage(Address address)
    {
        if (!Accounts.ContainsKey(address)) return;
        Slots.Remove(address);
        Bytes.Remove(address);
    }

    public UInt256 GetSlot(Address address, UInt256 slot) =>
        Slots.TryGetValue(address, out var slots) && slots.TryGetValue(slot, out var value) ? value : UInt256.Zero;

    public void SetBytes(Address address, byte[] key, byte[]? value)
    {
        Touch(address);
        var entries = Bytes.TryGetValue(address, out var b) ? b : Bytes[address] = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        if (value is null) entries.Remove(key);
        else entries[key] = value;
    }

    public byte[]? GetBytes(Address address, byte[] key) =>
        Bytes.TryGetValue(address, out var entries) && entries.TryGetValue(key, out var value) ? value : null;

    /// <summary>The root by the documented encoding: slots under Keccak(slot) as RLP, byte strings under the raw key as RLP.</summary>
    public Hash256 ExpectedRoot()
    {
        var accounts = new SecureTrie();
        foreach (var (address, account) in Accounts)
        {
            var storage = new SecureTrie();
            if (Slots.TryGetValue(address, out var slots))
            {
                foreach (var (slot, value) in slots) storage.Set(slot.ToBigEndian(), Rlp(value.ToBigEndian().AsSpan(32 - value.MinimalByteCount)));
            }

            var bytes = new PatriciaTrie();
            if (Bytes.TryGetValue(address, out var entries))
            {
                foreach (var (key, value) in entries) bytes.Set(key, Rlp(value));
            }

            accounts.Set(address.ToArray(), (account with { StorageRoot = storage.RootHash, BytesRoot = bytes.RootHash }).Encode());
        }

        return accounts.RootHash;
    }

    /// <summary>RLP of one byte string, written out here so the model does not share the code it checks.</summary>
    public static byte[] Rlp(ReadOnlySpan<byte> value)
    {
        if (value.Length == 1 && value[0] < 0x80) return value.ToArray();
        if (value.Length <= 55) return [(byte)(0x80 + value.Length), .. value];
        var length = BitConverter.GetBytes(value.Length).Reverse().SkipWhile(b => b == 0).ToArray();
        return [(byte)(0xb7 + length.Length), .. length, .. value];
    }

    public static Hash256 CodeHash(byte[] code) => Keccak256.Compute(code);
}
