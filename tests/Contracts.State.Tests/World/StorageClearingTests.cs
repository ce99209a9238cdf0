using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using Nethereum.Merkle.Patricia;
using Nethereum.Util;
using Xunit;

namespace Contracts.State.Tests.World;

/// <summary><see cref="WorldState.ClearStorage"/>: empty storage as Ethereum computes it, history kept, checkpoints respected.</summary>
public sealed class StorageClearingTests : IDisposable
{
    private static readonly Address Contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");
    private static readonly Address Other = Address.FromHex("0x00000000000000000000000000000000000000b0");

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Stores => new() { "memory", "rocksdb" };

    [Theory]
    [MemberData(nameof(Stores))]
    public void A_cleared_account_keeps_its_fields_gets_the_empty_storage_root_and_the_old_root_still_reads_the_old_storage(string kind)
    {
        using var store = Open(kind);
        var state = WorldState.OpenHead(store);
        for (ulong i = 0; i < 300; i++)
        {
            state.SetSlot(Contract, i, i + 1);
            state.SetSlot(Other, i, i + 2);
        }

        state.SetBytes(Contract, "name"u8, "token"u8);
        state.SetBalance(Contract, 1_000);
        state.SetNonce(Contract, 4);
        state.SetCode(Contract, [0x00, 0x61, 0x73, 0x6d]);
        var before = state.Commit();
        var otherStorageRoot = state.GetAccount(Other)!.Value.StorageRoot;

        var view = WorldState.OpenAt(store, before);
        view.ClearStorage(Contract);
        Assert.Equal(UInt256.Zero, view.GetSlot(Contract, 5));
        Assert.Null(view.GetBytes(Contract, "name"u8));
        var after = view.Commit();

        var account = view.GetAccount(Contract)!.Value;
        Assert.Equal(Hash256.EmptyTrieRoot, account.StorageRoot);
        Assert.Equal(Hash256.EmptyTrieRoot, account.BytesRoot);
        Assert.Equal((UInt256)1_000, account.Balance);
        Assert.Equal(4UL, account.Nonce);
        Assert.Equal(otherStorageRoot, view.GetAccount(Other)!.Value.StorageRoot);
        Assert.Equal(UInt256.Zero, view.GetSlot(Contract, 5));
        Assert.Equal((UInt256)7, view.GetSlot(Other, 5));
        Assert.Empty(view.ReadBytesRange(Contract, [], [], 10));

        // The state root is the one of the same accounts where the contract never had storage.
        using var fresh = new MemoryStateStore();
        var expected = WorldState.OpenHead(fresh);
        for (ulong i = 0; i < 300; i++) expected.SetSlot(Other, i, i + 2);
        expected.SetBalance(Contract, 1_000);
        expected.SetNonce(Contract, 4);
        expected.SetCode(Contract, [0x00, 0x61, 0x73, 0x6d]);
        Assert.Equal(expected.Commit(), after);

        // History: the old root reads, proves and can be built on as before.
        var old = WorldState.OpenAt(store, before);
        Assert.Equal((UInt256)6, old.GetSlot(Contract, 5));
        Assert.Equal("token"u8.ToArray(), old.GetBytes(Contract, "name"u8));
        var oldProof = StateProofs.Get(store, before, Contract, [5]);
        Assert.Equal((UInt256)6, oldProof.StorageProofs[0].Value);
        Assert.True(StateProofs.Verify(before, oldProof));
        var newProof = StateProofs.Get(store, after, Contract, [5]);
        Assert.Equal(Hash256.EmptyTrieRoot, newProof.StorageHash);
        Assert.Equal(UInt256.Zero, newProof.StorageProofs[0].Value);
        Assert.True(StateProofs.Verify(after, newProof));
    }

    [Fact]
    public void Slots_written_after_a_clear_give_the_storage_and_state_roots_Nethereum_computes_for_those_slots_alone()
    {
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        for (ulong i = 0; i < 100; i++) state.SetSlot(Contract, i, i + 1);
        state.SetBalance(Contract, 77);
        state.Commit();

        state.SetSlot(Contract, 3, 333);
        state.ClearStorage(Contract);
        state.SetSlot(Contract, 7, 7_000);
        state.SetSlot(Contract, 100_000, 1);
        var root = state.Commit();

        var keccak = new Sha3Keccack();
        var storage = new InMemoryTrieStorage();
        var storageTrie = new PatriciaTrie();
        foreach (var (slot, value) in new[] { (7UL, (UInt256)7_000), (100_000UL, (UInt256)1) })
        {
            var minimal = value.ToBigEndian().AsSpan(32 - value.MinimalByteCount).ToArray();
            storageTrie.Put(keccak.CalculateHash(((UInt256)slot).ToBigEndian()), Nethereum.RLP.RLP.EncodeElement(minimal), storage);
        }

        var storageRoot = storageTrie.Root.GetHash();
        Assert.Equal(new Hash256(storageRoot), state.GetAccount(Contract)!.Value.StorageRoot);
        Assert.Equal(UInt256.Zero, state.GetSlot(Contract, 3));
        var account = new Nethereum.Model.Account { Nonce = 0, Balance = 77, StateRoot = storageRoot, CodeHash = Hash256.EmptyCode.ToArray() };
        var accountTrie = new PatriciaTrie();
        accountTrie.Put(keccak.CalculateHash(Contract.ToArray()), Nethereum.Model.AccountEncoder.Current.Encode(account), new InMemoryTrieStorage());
        Assert.Equal(new Hash256(accountTrie.Root.GetHash()), root);
    }

    [Fact]
    public void Reverting_a_checkpoint_undoes_a_clear_with_the_writes_around_it_and_the_change_set_names_it()
    {
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        state.SetSlot(Contract, 1, 10);
        state.SetBytes(Contract, "k"u8, "v"u8);
        var committed = state.Commit();
        state.SetSlot(Contract, 2, 20);
        state.SetBytes(Contract, "p"u8, "q"u8);

        var checkpoint = state.Checkpoint();
        state.ClearStorage(Contract);
        state.SetSlot(Contract, 3, 30);
        state.SetBytes(Contract, "k"u8, "new"u8);
        var changes = state.ChangesSince(checkpoint);
        Assert.Equal([Contract], changes.StorageCleared);
        Assert.Contains(new SlotChange(Contract, 2, UInt256.Zero), changes.Slots);
        Assert.Contains(new SlotChange(Contract, 3, 30), changes.Slots);
        Assert.Equal(UInt256.Zero, state.GetSlot(Contract, 1));
        Assert.Equal(UInt256.Zero, state.GetSlot(Contract, 2));
        Assert.Null(state.GetBytes(Contract, "p"u8));
        Assert.Equal("new"u8.ToArray(), state.GetBytes(Contract, "k"u8));

        state.Revert(checkpoint);
        Assert.Equal((UInt256)10, state.GetSlot(Contract, 1));
        Assert.Equal((UInt256)20, state.GetSlot(Contract, 2));
        Assert.Equal(UInt256.Zero, state.GetSlot(Contract, 3));
        Assert.Equal("v"u8.ToArray(), state.GetBytes(Contract, "k"u8));
        Assert.Equal("q"u8.ToArray(), state.GetBytes(Contract, "p"u8));
        Assert.Empty(state.PendingChanges().StorageCleared);
        var reverted = state.Commit();

        var expected = WorldState.OpenAt(store, committed);
        expected.SetSlot(Contract, 2, 20);
        expected.SetBytes(Contract, "p"u8, "q"u8);
        Assert.Equal(expected.ComputeRoot(), reverted);
    }

    [Fact]
    public void Clearing_an_absent_account_creates_nothing_and_a_computed_root_is_dropped_by_a_clear()
    {
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        state.SetSlot(Contract, 1, 10);
        var root = state.Commit();
        state.ClearStorage(Other);
        Assert.False(state.Exists(Other));
        Assert.False(state.HasPendingChanges);

        state.ComputeRoot();
        Assert.NotNull(state.ComputedRoot);
        state.ClearStorage(Contract);
        Assert.Null(state.ComputedRoot);
        Assert.NotEqual(root, state.ComputeRoot());
        Assert.True(state.PendingChanges().StorageCleared.SequenceEqual([Contract]));
    }

    private IStateStore Open(string kind) => kind == "memory" ? new MemoryStateStore() : RocksDbStateStore.Open(_directory.Sub("db"));
}
