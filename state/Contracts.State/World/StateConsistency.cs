using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;

namespace Contracts.State.World;

/// <summary>
/// Rebuilds every root from the flat indexes alone and compares them with the committed ones: proves that the
/// index that serves reads says exactly what the tries (the source of roots and proofs) say.
/// </summary>
public static class StateConsistency
{
    /// <summary>Returns one line per disagreement; an empty list means the head state is consistent.</summary>
    public static IReadOnlyList<string> Check(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problems = new List<string>();
        var accounts = new Dictionary<Address, Account>();
        var accountTrie = new PatriciaTrie();
        Span<byte> addressBytes = stackalloc byte[Address.Length];
        foreach (var (address, encoded) in store.IterateAccounts())
        {
            var account = Account.Decode(encoded);
            accounts[address] = account;
            address.CopyTo(addressBytes);
            accountTrie.SetOwned(NibblePath.FromKey(Keccak256.Compute(addressBytes).ToArray()), encoded);
            if (account.CodeHash != Hash256.EmptyCode && !store.TryGetCode(account.CodeHash, out _))
            {
                problems.Add($"Account {address} has code hash {account.CodeHash} but the code store lacks it.");
            }
        }

        var storageRoots = new Dictionary<Address, PatriciaTrie>();
        foreach (var (flatKey, value) in store.IterateStorage([], []))
        {
            if (flatKey.Length < Address.Length)
            {
                problems.Add($"Storage index key {Hex.Encode(flatKey)} is shorter than an address.");
                continue;
            }

            var address = new Address(flatKey.AsSpan(0, Address.Length));
            if (!storageRoots.TryGetValue(address, out var trie))
            {
                storageRoots[address] = trie = new PatriciaTrie();
            }

            trie.SetOwned(NibblePath.FromKey(Keccak256.Compute(flatKey.AsSpan(Address.Length)).ToArray()), value);
        }

        foreach (var (address, account) in accounts)
        {
            var rebuilt = storageRoots.TryGetValue(address, out var trie) ? trie.RootHash : Hash256.EmptyTrieRoot;
            if (rebuilt != account.StorageRoot)
            {
                problems.Add($"Account {address}: storage root rebuilt from the index is {rebuilt}, the account says {account.StorageRoot}.");
            }
        }

        foreach (var address in storageRoots.Keys.Where(a => !accounts.ContainsKey(a)))
        {
            problems.Add($"Storage index has entries for {address}, which has no account.");
        }

        if (accountTrie.RootHash != store.Head.Root)
        {
            problems.Add($"State root rebuilt from the account index is {accountTrie.RootHash}, the head is {store.Head.Root}.");
        }

        return problems;
    }
}
