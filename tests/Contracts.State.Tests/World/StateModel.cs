using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Trie;
using Contracts.State.World;

namespace Contracts.State.Tests.World;

/// <summary>What the world state should contain, kept as plain dictionaries; computes its root through <see cref="SecureTrie"/>.</summary>
internal sealed class StateModel
{
    public Dictionary<Address, Account> Accounts { get; } = [];

    public Dictionary<Address, SortedDictionary<byte[], byte[]>> Storage { get; } = [];

    public Dictionary<Hash256, byte[]> Code { get; } = [];

    public StateModel Clone()
    {
        var copy = new StateModel();
        foreach (var (a, acc) in Accounts) copy.Accounts[a] = acc;
        foreach (var (a, s) in Storage) copy.Storage[a] = new SortedDictionary<byte[], byte[]>(s, ByteArrayComparer.Instance);
        foreach (var (h, c) in Code) copy.Code[h] = c;
        return copy;
    }

    public void Touch(Address address)
    {
        Accounts.TryAdd(address, Account.Empty);
    }

    public void SetStorage(Address address, byte[] key, byte[] value)
    {
        Touch(address);
        if (!Storage.TryGetValue(address, out var slots))
        {
            Storage[address] = slots = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        }

        if (value.Length == 0) slots.Remove(key);
        else slots[key] = value;
    }

    public byte[]? GetStorage(Address address, byte[] key) =>
        Storage.TryGetValue(address, out var slots) && slots.TryGetValue(key, out var value) ? value : null;

    public Hash256 ExpectedRoot()
    {
        var accounts = new SecureTrie();
        foreach (var (address, account) in Accounts)
        {
            var storage = new SecureTrie();
            if (Storage.TryGetValue(address, out var slots))
            {
                foreach (var (key, value) in slots) storage.Set(key, value);
            }

            accounts.Set(address.ToArray(), (account with { StorageRoot = storage.RootHash }).Encode());
        }

        return accounts.RootHash;
    }

    public static Hash256 CodeHash(byte[] code) => Keccak256.Compute(code);
}
