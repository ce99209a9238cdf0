using System.Numerics;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using FsCheck;
using FsCheck.Fluent;
using Nethereum.Merkle.Patricia;
using Nethereum.Util;
using Xunit;

namespace Contracts.State.Tests.World;

/// <summary>Slot storage, account encoding and proofs against Nethereum, an independent Ethereum implementation.</summary>
public sealed class EthereumCompatibilityTests
{
    private static readonly Address Contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");

    [Fact]
    public void Storage_and_state_roots_of_random_slot_writes_equal_Nethereums_trie_with_Ethereums_encoding()
    {
        var writes = Gen.ListOf(
            from slot in Gen.Choose(0, 40)
            from zero in Gen.Elements(true, false, false, false)
            from length in Gen.Choose(1, 32)
            from seed in Gen.Choose(0, int.MaxValue)
            select (Slot: (ulong)slot, Value: zero ? Array.Empty<byte>() : Bytes.Pseudorandom(length, seed)));
        PropertyRunner.Check(writes, list =>
        {
            using var store = new MemoryStateStore();
            var state = WorldState.OpenHead(store);
            var expected = new Dictionary<ulong, UInt256>();
            foreach (var (slot, value) in list)
            {
                var number = UInt256.FromBigEndian(value);
                state.SetSlot(Contract, slot, number);
                expected[slot] = number;
            }

            state.SetBalance(Contract, 12345);
            state.SetNonce(Contract, 3);
            var root = state.Commit();

            var keccak = new Sha3Keccack();
            var storage = new InMemoryTrieStorage();
            var storageTrie = new PatriciaTrie();
            foreach (var (slot, number) in expected.Where(e => !e.Value.IsZero))
            {
                var minimal = number.ToBigEndian().AsSpan(32 - number.MinimalByteCount).ToArray();
                storageTrie.Put(keccak.CalculateHash(((UInt256)slot).ToBigEndian()), Nethereum.RLP.RLP.EncodeElement(minimal), storage);
            }

            var storageRoot = expected.Values.Any(v => !v.IsZero) ? storageTrie.Root.GetHash() : Hash256.EmptyTrieRoot.ToArray();
            if (state.GetAccount(Contract)!.Value.StorageRoot != new Hash256(storageRoot)) return false;

            var account = new Nethereum.Model.Account { Nonce = 3, Balance = 12345, StateRoot = storageRoot, CodeHash = Hash256.EmptyCode.ToArray() };
            var accountTrie = new PatriciaTrie();
            accountTrie.Put(keccak.CalculateHash(Contract.ToArray()), Nethereum.Model.AccountEncoder.Current.Encode(account), new InMemoryTrieStorage());
            return root == new Hash256(accountTrie.Root.GetHash());
        }, maxTest: 100, seed: 41);
    }

    [Fact]
    public void Proofs_at_any_root_verify_with_our_verifier_and_Nethereums()
    {
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        for (ulong i = 0; i < 50; i++)
        {
            state.SetSlot(Contract, i, i * 1_000_003 + 1);
            state.SetBalance(Address.FromHex($"0x{i + 1:x40}"), i + 1);
        }

        state.SetBytes(Contract, "name"u8, "token"u8);
        state.SetNonce(Contract, 9);
        var old = state.Commit();
        state.SetSlot(Contract, 3, 0);
        state.SetSlot(Contract, 4, 44);
        var latest = state.Commit();

        var absent = Address.FromHex("0x00000000000000000000000000000000deadbeef");
        foreach (var (root, three) in new[] { (old, (UInt256)3_000_010), (latest, UInt256.Zero) })
        {
            var proof = StateProofs.Get(store, root, Contract, [3, 4, 1000], ["name"u8.ToArray(), "none"u8.ToArray()]);
            Assert.Equal(three, proof.StorageProofs[0].Value);
            Assert.Equal(UInt256.Zero, proof.StorageProofs[2].Value);
            Assert.Equal("token"u8.ToArray(), proof.BytesProofs[0].Value);
            Assert.Null(proof.BytesProofs[1].Value);
            Assert.True(StateProofs.Verify(root, proof));
            Assert.False(StateProofs.Verify(root, proof with { Balance = 1 }));
            Assert.False(StateProofs.Verify(root, proof with { StorageProofs = [proof.StorageProofs[1] with { Value = 45 }] }));
            Assert.False(StateProofs.Verify(old == root ? latest : old, proof));

            var missing = StateProofs.Get(store, root, absent, [1]);
            Assert.Equal(Hash256.EmptyCode, missing.CodeHash);
            Assert.Equal(Hash256.EmptyTrieRoot, missing.StorageHash);
            Assert.True(StateProofs.Verify(root, missing));
            Assert.False(StateProofs.Verify(root, missing with { Nonce = 1 }));
        }

        // Nethereum checks an Ethereum-shaped account (no byte-string storage) and its slots.
        var plain = Address.FromHex("0x0000000000000000000000000000000000000005");
        var ethereumProof = StateProofs.Get(store, latest, plain, []);
        var nethereumAccount = new Nethereum.Model.Account
        {
            Nonce = ethereumProof.Nonce, Balance = ethereumProof.Balance.ToBigInteger(), StateRoot = ethereumProof.StorageHash.ToArray(), CodeHash = ethereumProof.CodeHash.ToArray(),
        };
        Assert.True(AccountProofVerification.VerifyAccountProofs(plain.ToString(), latest.ToArray(), ethereumProof.AccountProofNodes, nethereumAccount));
        nethereumAccount.Balance += 1;
        Assert.False(AccountProofVerification.VerifyAccountProofs(plain.ToString(), latest.ToArray(), ethereumProof.AccountProofNodes, nethereumAccount));
    }
}
