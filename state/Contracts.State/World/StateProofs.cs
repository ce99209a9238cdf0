using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;

namespace Contracts.State.World;

/// <summary>Makes and checks <see cref="AccountProof"/>s for any committed root.</summary>
public static class StateProofs
{
    /// <summary>Proves <paramref name="address"/>'s account and the given slots and byte-string keys at <paramref name="root"/>.</summary>
    public static AccountProof Get(
        IStateStore store, Hash256 root, Address address, IReadOnlyList<UInt256> slots, IReadOnlyList<byte[]>? bytesKeys = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(slots);
        if (!store.ContainsRoot(root))
        {
            throw StateStoreErrors.UnknownRoot(root);
        }

        var accountTrie = new PatriciaTrie(root, store);
        var accountPath = WorldState.AccountPath(address.ToArray());
        var accountNodes = accountTrie.GetProof(accountPath);
        var stored = accountTrie.Get(accountPath);
        var account = stored is null ? Account.Empty : Account.Decode(stored);

        var storageTrie = new PatriciaTrie(account.StorageRoot, store);
        var storageProofs = new List<StorageProof>(slots.Count);
        foreach (var slot in slots)
        {
            var path = WorldState.SlotPath(slot);
            var value = storageTrie.Get(path);
            storageProofs.Add(new StorageProof(slot, value is null ? UInt256.Zero : StorageEncoding.DecodeSlotValue(value), storageTrie.GetProof(path)));
        }

        var bytesProofs = new List<BytesProof>();
        if (bytesKeys is not null)
        {
            var bytesTrie = new PatriciaTrie(account.BytesRoot, store);
            foreach (var key in bytesKeys)
            {
                var path = NibblePath.FromKey(key.ToArray());
                var value = bytesTrie.Get(path);
                bytesProofs.Add(new BytesProof(key.ToArray(), value is null ? null : StorageEncoding.DecodeBytes(value).ToArray(), bytesTrie.GetProof(path)));
            }
        }

        return new AccountProof(
            address, accountNodes, account.Balance, account.Nonce, account.CodeHash, account.StorageRoot, account.BytesRoot, storageProofs, bytesProofs);
    }

    /// <summary>
    /// Whether every part of <paramref name="proof"/> holds against <paramref name="root"/>: the account proof
    /// shows exactly the claimed fields (or absence, with empty fields), and each storage and byte-string proof
    /// shows its claimed value (or absence) under the claimed storage or byte-string root.
    /// </summary>
    public static bool Verify(Hash256 root, AccountProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var claimed = new Account(proof.Nonce, proof.Balance, proof.StorageHash, proof.CodeHash, proof.BytesRoot);
        if (!MerkleProof.TryVerify(root, Keccak256.Compute(proof.Address.ToArray()).ToArray(), proof.AccountProofNodes, out var accountValue))
        {
            return false;
        }

        if (accountValue is null ? claimed != Account.Empty : !accountValue.AsSpan().SequenceEqual(claimed.Encode()))
        {
            return false;
        }

        Span<byte> slotBytes = stackalloc byte[UInt256.Length];
        foreach (var storage in proof.StorageProofs)
        {
            storage.Key.WriteBigEndian(slotBytes);
            if (!MerkleProof.TryVerify(proof.StorageHash, Keccak256.Compute(slotBytes).ToArray(), storage.Proof, out var value))
            {
                return false;
            }

            var proven = value is null ? UInt256.Zero : TryDecodeSlot(value);
            if (proven is null || proven.Value != storage.Value)
            {
                return false;
            }
        }

        foreach (var bytes in proof.BytesProofs)
        {
            if (!MerkleProof.TryVerify(proof.BytesRoot, bytes.Key, bytes.Proof, out var value))
            {
                return false;
            }

            if (value is null ? bytes.Value is not null : bytes.Value is null || !value.AsSpan().SequenceEqual(StorageEncoding.EncodeBytes(bytes.Value)))
            {
                return false;
            }
        }

        return true;
    }

    private static UInt256? TryDecodeSlot(byte[] stored)
    {
        try
        {
            return StorageEncoding.DecodeSlotValue(stored);
        }
        catch (Rlp.RlpException)
        {
            return null;
        }
    }
}
