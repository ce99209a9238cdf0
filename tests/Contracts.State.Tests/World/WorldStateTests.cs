using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using Xunit;

namespace Contracts.State.Tests.World;

/// <summary>The world state's behaviour, run once per store kind.</summary>
public abstract class WorldStateTests : IDisposable
{
    private static readonly Address Alice = Address.FromHex("0x00000000000000000000000000000000000a11ce");
    private static readonly Address Bob = Address.FromHex("0x0000000000000000000000000000000000000b0b");

    private protected TempDirectory Directory { get; } = new();

    protected abstract int SessionCount { get; }

    protected abstract IStateStore CreateStore();

    /// <summary>Closes and reopens a store (a no-op for the in-memory one).</summary>
    protected abstract IStateStore Reopen(IStateStore store);

    public void Dispose() => Directory.Dispose();

    [Fact]
    public void Random_sessions_match_the_model_through_checkpoints_commits_reopen_and_history()
    {
        PropertyRunner.Check(WorldStateGenerators.Session(60), operations =>
        {
            var store = CreateStore();
            try
            {
                var problem = WorldStateSession.Run(store, s => store = Reopen(s), operations);
                return problem is null ? true : throw new Xunit.Sdk.XunitException(problem);
            }
            finally
            {
                store.Dispose();
            }
        }, maxTest: SessionCount, seed: 31);
    }

    [Fact]
    public void Reads_see_uncommitted_writes_and_a_revert_undoes_exactly_its_frame()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.SetBytes(Alice, "k"u8, "outer"u8);
        state.SetSlot(Alice, 1, 10);
        var frame = state.Checkpoint();
        state.SetBytes(Alice, "k"u8, "inner"u8);
        state.SetBytes(Alice, "other"u8, "x"u8);
        state.SetSlot(Alice, 1, 11);
        state.SetSlot(Alice, 2, 20);
        state.SetBalance(Bob, 5);
        Assert.Equal("inner"u8.ToArray(), state.GetBytes(Alice, "k"u8));
        Assert.Equal((UInt256)11, state.GetSlot(Alice, 1));
        state.Revert(frame);
        Assert.Equal("outer"u8.ToArray(), state.GetBytes(Alice, "k"u8));
        Assert.Null(state.GetBytes(Alice, "other"u8));
        Assert.Equal((UInt256)10, state.GetSlot(Alice, 1));
        Assert.Equal(UInt256.Zero, state.GetSlot(Alice, 2));
        Assert.Null(state.GetAccount(Bob));
        Assert.Equal(0, state.CheckpointDepth);
    }

    [Fact]
    public void Commit_and_root_computation_with_an_open_checkpoint_are_refused()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.Checkpoint();
        Assert.Throws<InvalidOperationException>(() => state.Commit());
        Assert.Throws<InvalidOperationException>(() => state.ComputeRoot());
    }

    [Fact]
    public void An_empty_byte_string_is_stored_and_distinct_from_an_absent_key()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.SetBytes(Alice, "empty"u8, []);
        var root = state.Commit();
        var view = WorldState.OpenAt(store, root);
        Assert.True(view.TryGetBytes(Alice, "empty"u8, out var value));
        Assert.True(value.IsEmpty);
        Assert.False(view.TryGetBytes(Alice, "missing"u8, out _));
        Assert.True(view.RemoveBytes(Alice, "empty"u8));
        Assert.False(view.RemoveBytes(Alice, "empty"u8));
        Assert.False(view.TryGetBytes(Alice, "empty"u8, out _));
    }

    [Fact]
    public void Ordered_iteration_merges_pending_writes_and_respects_prefix_start_and_limit_at_any_root()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        foreach (var key in new[] { "a1", "a2", "a3", "b1", "" , "a" })
        {
            state.SetBytes(Alice, System.Text.Encoding.ASCII.GetBytes(key), "v"u8);
        }

        state.SetBytes(Bob, "a0"u8, "other contract"u8);
        var first = state.Commit();
        state.RemoveBytes(Alice, "a2"u8);
        state.SetBytes(Alice, "a25"u8, "new"u8);

        static string[] Keys(IReadOnlyList<BytesEntry> entries) => entries.Select(e => System.Text.Encoding.ASCII.GetString(e.Key)).ToArray();
        Assert.Equal(["a", "a1", "a25", "a3"], Keys(state.ReadBytesRange(Alice, "a"u8, [], 10)));
        Assert.Equal(["a25"], Keys(state.ReadBytesRange(Alice, "a"u8, "a2"u8, 1)));
        Assert.Equal(["", "a", "a1"], Keys(state.ReadBytesRange(Alice, [], [], 3)));
        Assert.Equal(["b1"], Keys(state.ReadBytesRange(Alice, [], "a4"u8, 10)));
        state.Commit();

        // The first root still answers as it did when it was the latest.
        var old = WorldState.OpenAt(store, first);
        Assert.Equal(["a", "a1", "a2", "a3"], Keys(old.ReadBytesRange(Alice, "a"u8, [], 10)));
    }

    [Fact]
    public void A_value_larger_than_a_node_chunk_round_trips_through_the_trie()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        var big = Bytes.Pseudorandom(3 * 1024 * 1024, 5);
        state.SetBytes(Alice, "big"u8, big);
        state.SetBytes(Alice, "small"u8, "s"u8);
        var root = state.Commit();
        state.RemoveBytes(Alice, "big"u8);
        state.Commit();

        Assert.Null(state.GetBytes(Alice, "big"u8));
        Assert.Equal(big, WorldState.OpenAt(store, root).GetBytes(Alice, "big"u8));
    }

    [Fact]
    public void Views_on_any_root_are_writable_isolated_and_never_move_the_head()
    {
        using var store = CreateStore();
        var genesis = WorldState.OpenHead(store);
        genesis.SetBalance(Alice, 1);
        genesis.SetSlot(Alice, 7, 70);
        var parent = genesis.Commit((root, records) => records.SetHead(root));
        Assert.Equal(parent, store.Head);

        // Two children of the same parent (competing blocks), and a view at the head that sees neither.
        var left = WorldState.OpenAt(store, parent);
        var right = WorldState.OpenAt(store, parent);
        var head = WorldState.OpenHead(store);
        left.SetSlot(Alice, 7, 71);
        right.SetSlot(Alice, 7, 72);
        var leftRoot = left.Commit();
        var rightRoot = right.Commit();
        Assert.NotEqual(leftRoot, rightRoot);
        Assert.Equal(parent, store.Head);
        Assert.Equal((UInt256)70, head.GetSlot(Alice, 7));
        Assert.Equal((UInt256)71, WorldState.OpenAt(store, leftRoot).GetSlot(Alice, 7));
        Assert.Equal((UInt256)72, WorldState.OpenAt(store, rightRoot).GetSlot(Alice, 7));

        // The view keeps going on its own commit.
        left.SetSlot(Alice, 8, 80);
        Assert.Equal(leftRoot, left.Root);
        var grandchild = left.Commit();
        Assert.Equal((UInt256)71, WorldState.OpenAt(store, grandchild).GetSlot(Alice, 7));
        store.SetHead(grandchild);
        Assert.Equal((UInt256)80, WorldState.OpenHead(store).GetSlot(Alice, 8));
        Assert.Equal((UInt256)70, head.GetSlot(Alice, 7));
    }

    [Fact]
    public void Computing_the_root_stores_nothing_and_equals_the_commit()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.SetSlot(Alice, 1, 2);
        state.SetBytes(Bob, "x"u8, "y"u8);
        var computed = state.ComputeRoot();
        Assert.False(store.ContainsRoot(computed));
        state.SetSlot(Alice, 3, 4);
        var computedAgain = state.ComputeRoot();
        Assert.NotEqual(computed, computedAgain);
        Assert.Equal(computedAgain, state.Commit());
        Assert.True(store.ContainsRoot(computedAgain));
    }

    [Fact]
    public void A_commit_after_ComputeRoot_only_writes_and_stores_what_a_commit_alone_stores()
    {
        using var reused = new RecordingStateStore(CreateStore());
        using var alone = new RecordingStateStore(CreateStore());
        var parent = CommitBigParent(reused);
        Assert.Equal(parent, CommitBigParent(alone));

        var state = WorldState.OpenAt(reused, parent);
        WriteBlock(state);
        var computed = state.ComputeRoot();
        Assert.Equal(computed, state.ComputedRoot);
        Assert.Equal(computed, state.ComputeRoot());
        reused.ResetCounts();
        Assert.Equal(computed, state.Commit((root, records) => records.Put("block"u8, root.ToArray())));
        Assert.Equal(0, reused.NodeReads);
        Assert.Null(state.ComputedRoot);

        var reference = WorldState.OpenAt(alone, parent);
        WriteBlock(reference);
        alone.ResetCounts();
        Assert.Equal(computed, reference.Commit());
        Assert.True(alone.NodeReads > 0);
        AssertSameNodes(alone.WrittenNodes, reused.WrittenNodes);
        Assert.Equal((UInt256)1_000_007, WorldState.OpenAt(reused, computed).GetSlot(Alice, 7));
    }

    [Fact]
    public void A_write_or_revert_after_ComputeRoot_is_in_the_commit()
    {
        using var reused = new RecordingStateStore(CreateStore());
        using var alone = new RecordingStateStore(CreateStore());
        var parent = CommitBigParent(reused);
        CommitBigParent(alone);

        var state = WorldState.OpenAt(reused, parent);
        WriteBlock(state);
        var before = state.ComputeRoot();
        var frame = state.Checkpoint();
        state.SetSlot(Bob, 1, 1);
        state.Revert(frame);
        Assert.Null(state.ComputedRoot);
        Assert.Equal(before, state.ComputeRoot());
        state.SetSlot(Alice, 7, 99);
        Assert.Null(state.ComputedRoot);
        state.SetBytes(Bob, "late"u8, "write"u8);
        reused.ResetCounts();
        var root = state.Commit();
        Assert.NotEqual(before, root);

        var reference = WorldState.OpenAt(alone, parent);
        WriteBlock(reference);
        reference.SetSlot(Alice, 7, 99);
        reference.SetBytes(Bob, "late"u8, "write"u8);
        alone.ResetCounts();
        Assert.Equal(root, reference.Commit());
        AssertSameNodes(alone.WrittenNodes, reused.WrittenNodes);
        var reopened = WorldState.OpenAt(reused, root);
        Assert.Equal((UInt256)99, reopened.GetSlot(Alice, 7));
        Assert.Equal("write"u8.ToArray(), reopened.GetBytes(Bob, "late"u8));
    }

    /// <summary>A parent state big enough that a block's storage merge splits onto all cores.</summary>
    private static Hash256 CommitBigParent(IStateStore store)
    {
        var state = WorldState.OpenHead(store);
        for (var slot = 0u; slot < 6_000; slot++)
        {
            state.SetSlot(Alice, slot, slot + 1);
        }

        state.SetBytes(Bob, "kept"u8, "value"u8);
        state.SetBalance(Bob, 10);
        return state.Commit();
    }

    /// <summary>Updates, deletes and new slots (over the parallel threshold), byte strings, code and accounts.</summary>
    private static void WriteBlock(WorldState state)
    {
        for (var slot = 0u; slot < 5_000; slot++)
        {
            state.SetSlot(Alice, slot, slot % 10 == 0 ? 0u : slot + 1_000_000);
        }

        state.SetSlot(Bob, 3, 4);
        state.SetBytes(Bob, "new"u8, "bytes"u8);
        state.RemoveBytes(Bob, "kept"u8);
        state.SetCode(Alice, "code"u8);
        state.SetNonce(Bob, 2);
    }

    private static void AssertSameNodes(Dictionary<Hash256, byte[]> expected, Dictionary<Hash256, byte[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (hash, encoding) in expected)
        {
            Assert.True(actual.TryGetValue(hash, out var other), $"node {hash} is missing");
            Assert.Equal(encoding, other);
        }
    }

    [Fact]
    public void Records_written_with_a_commit_land_with_it_and_read_back_in_order()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.SetBalance(Alice, 3);
        var root = state.Commit((root, records) =>
        {
            records.Put("block/2"u8, root.ToArray());
            records.Put("block/1"u8, "one"u8);
            records.Put("receipt/1"u8, []);
            records.SetHead(root);
        });

        Assert.Equal(root, store.Head);
        Assert.True(store.TryGetRecord("block/2"u8, out var block));
        Assert.Equal(root.ToArray(), block.ToArray());
        Assert.True(store.TryGetRecord("receipt/1"u8, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(store.TryGetRecord("block/3"u8, out _));
        Assert.Equal(["block/1", "block/2"], store.ReadRecords("block/"u8, [], 10).Select(r => System.Text.Encoding.ASCII.GetString(r.Key)));
        Assert.Equal(["block/2"], store.ReadRecords("block/"u8, "block/2"u8, 10).Select(r => System.Text.Encoding.ASCII.GetString(r.Key)));

        using (var batch = store.BeginCommit())
        {
            batch.Delete("block/1"u8);
            batch.Complete();
        }

        Assert.False(store.TryGetRecord("block/1"u8, out _));
        var unknown = Hash256.FromHex("0x2222222222222222222222222222222222222222222222222222222222222222");
        Assert.Equal(StateStoreErrorKind.UnknownRoot, Assert.Throws<StateStoreException>(() => store.SetHead(unknown)).Kind);
    }

    [Fact]
    public void Change_sets_list_what_was_written_in_order_with_new_values()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.SetBalance(Bob, 1);
        var transaction = state.Checkpoint();
        state.SetSlot(Alice, 9, 90);
        state.SetSlot(Alice, 2, 20);
        state.SetBytes(Alice, "b"u8, "1"u8);
        state.SetBytes(Alice, "a"u8, "2"u8);
        state.RemoveBytes(Alice, "b"u8);
        state.SetNonce(Bob, 4);
        var changes = state.ChangesSince(transaction);
        Assert.Equal([Bob, Alice], changes.Accounts.Select(a => a.Address));
        Assert.Equal(4ul, changes.Accounts[0].Nonce);
        Assert.Equal((UInt256)1, changes.Accounts[0].Balance);
        Assert.Equal([new SlotChange(Alice, 2, 20), new SlotChange(Alice, 9, 90)], changes.Slots);
        Assert.Equal(["a", "b"], changes.Bytes.Select(b => System.Text.Encoding.ASCII.GetString(b.Key)));
        Assert.Null(changes.Bytes[1].Value);
        state.Release(transaction);
        Assert.Equal(2, state.PendingChanges().Accounts.Count);
        state.Commit();
        Assert.True(state.PendingChanges().IsEmpty);
    }

    [Fact]
    public void Opening_a_root_that_was_never_committed_is_a_clear_error()
    {
        using var store = CreateStore();
        var unknown = Hash256.FromHex("0x1111111111111111111111111111111111111111111111111111111111111111");
        var error = Assert.Throws<StateStoreException>(() => WorldState.OpenAt(store, unknown));
        Assert.Equal(StateStoreErrorKind.UnknownRoot, error.Kind);
        Assert.Contains(unknown.ToString(), error.Message);
    }

    [Fact]
    public void Code_is_content_addressed_and_artifacts_are_keyed_by_code_schedule_and_engine_version()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        byte[] code = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        state.SetCode(Alice, code);
        state.SetCode(Bob, code);
        state.Commit();
        var hash = state.GetAccount(Alice)!.Value.CodeHash;
        Assert.Equal(hash, state.GetAccount(Bob)!.Value.CodeHash);
        Assert.Equal(code, state.GetCodeByHash(hash));

        store.PutArtifact(new ArtifactKey(hash, 1, 1), "translated v1"u8);
        store.PutArtifact(new ArtifactKey(hash, 2, 1), "translated v2"u8);
        Assert.True(store.TryGetArtifact(new ArtifactKey(hash, 1, 1), out var v1));
        Assert.Equal("translated v1"u8.ToArray(), v1.ToArray());
        Assert.True(store.TryGetArtifact(new ArtifactKey(hash, 2, 1), out var v2));
        Assert.Equal("translated v2"u8.ToArray(), v2.ToArray());
        Assert.False(store.TryGetArtifact(new ArtifactKey(hash, 1, 2), out _));
    }
}

public sealed class MemoryWorldStateTests : WorldStateTests
{
    protected override int SessionCount => 200;

    protected override IStateStore CreateStore() => new MemoryStateStore();

    protected override IStateStore Reopen(IStateStore store) => store;
}

public sealed class RocksDbWorldStateTests : WorldStateTests
{
    private int _stores;

    // Every commit is a synced write, so fewer sessions than in memory.
    protected override int SessionCount => 40;

    protected override IStateStore CreateStore() => RocksDbStateStore.Open(Directory.Sub($"db{_stores++}"));

    protected override IStateStore Reopen(IStateStore store)
    {
        var path = ((RocksDbStateStore)store).Path;
        store.Dispose();
        return RocksDbStateStore.Open(path);
    }
}

/// <summary>
/// The same behaviour on a store that writes behind, its writer slowed so that most reads after a commit are served
/// from the commits still waiting for their write; reopening closes it (which writes them all) first.
/// </summary>
public sealed class RocksDbWriteBehindWorldStateTests : WorldStateTests
{
    private int _stores;

    protected override int SessionCount => 40;

    protected override IStateStore CreateStore() => Open(Directory.Sub($"db{_stores++}"));

    protected override IStateStore Reopen(IStateStore store)
    {
        var path = ((RocksDbStateStore)store).Path;
        store.Dispose();
        return Open(path);
    }

    private static RocksDbStateStore Open(string path)
    {
        var store = RocksDbStateStore.Open(path, new RocksDbStateStoreOptions { WriteBehind = true, MaxPendingCommits = 3 });
        store.BeforeWrite = _ => Thread.Sleep(1);
        return store;
    }
}
