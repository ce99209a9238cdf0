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
        state.SetStorage(Alice, "k"u8, "outer"u8);
        var frame = state.Checkpoint();
        state.SetStorage(Alice, "k"u8, "inner"u8);
        state.SetStorage(Alice, "other"u8, "x"u8);
        state.SetBalance(Bob, 5);
        Assert.Equal("inner"u8.ToArray(), state.GetStorage(Alice, "k"u8));
        state.Revert(frame);
        Assert.Equal("outer"u8.ToArray(), state.GetStorage(Alice, "k"u8));
        Assert.Null(state.GetStorage(Alice, "other"u8));
        Assert.Null(state.GetAccount(Bob));
        Assert.Equal(0, state.CheckpointDepth);
    }

    [Fact]
    public void Commit_with_an_open_checkpoint_is_refused()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.Checkpoint();
        Assert.Throws<InvalidOperationException>(() => state.Commit());
    }

    [Fact]
    public void Ordered_iteration_merges_pending_writes_and_respects_prefix_start_and_limit()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        foreach (var key in new[] { "a1", "a2", "a3", "b1" })
        {
            state.SetStorage(Alice, System.Text.Encoding.ASCII.GetBytes(key), "v"u8);
        }

        state.SetStorage(Bob, "a0"u8, "other contract"u8);
        state.Commit();
        state.SetStorage(Alice, "a2"u8, []);
        state.SetStorage(Alice, "a25"u8, "new"u8);

        var keys = state.ReadStorageRange(Alice, "a"u8, [], 10).Select(e => System.Text.Encoding.ASCII.GetString(e.Key));
        Assert.Equal(["a1", "a25", "a3"], keys);
        var page = state.ReadStorageRange(Alice, "a"u8, "a2"u8, 1).Select(e => System.Text.Encoding.ASCII.GetString(e.Key));
        Assert.Equal(["a25"], page);
    }

    [Fact]
    public void A_value_larger_than_a_node_chunk_round_trips_through_the_trie_and_the_index()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        var big = Bytes.Pseudorandom(3 * 1024 * 1024, 5);
        state.SetStorage(Alice, "big"u8, big);
        state.SetStorage(Alice, "small"u8, "s"u8);
        var root = state.Commit();
        state.SetStorage(Alice, "big"u8, []);
        state.Commit();

        Assert.Null(state.GetStorage(Alice, "big"u8));
        Assert.Equal(big, WorldState.OpenAt(store, root).GetStorage(Alice, "big"u8));
        Assert.Empty(StateConsistency.Check(store));
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
    public void Historical_states_are_read_only_and_a_stale_state_cannot_commit()
    {
        using var store = CreateStore();
        var first = WorldState.OpenHead(store);
        first.SetBalance(Alice, 1);
        var oldRoot = first.Commit();
        var stale = WorldState.OpenHead(store);
        first.SetBalance(Alice, 2);
        first.Commit();

        var historic = WorldState.OpenAt(store, oldRoot);
        Assert.Equal((UInt256)1, historic.GetBalance(Alice));
        Assert.Throws<InvalidOperationException>(() => historic.SetBalance(Alice, 3));
        Assert.Equal(StateStoreErrorKind.StaleCommit, Assert.Throws<StateStoreException>(() => stale.SetBalance(Bob, 1)).Kind);
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

    [Fact]
    public void Consistency_check_notices_an_index_that_disagrees_with_the_tries()
    {
        using var store = CreateStore();
        var state = WorldState.OpenHead(store);
        state.SetStorage(Alice, "k"u8, "v"u8);
        state.Commit();
        Assert.Empty(StateConsistency.Check(store));

        using (var batch = store.BeginCommit())
        {
            var flatKey = Alice.ToArray().Concat("k"u8.ToArray()).ToArray();
            batch.PutStorage(flatKey, "tampered"u8.ToArray());
            batch.Complete(store.Head, store.Head.Root);
        }

        var problem = Assert.Single(StateConsistency.Check(store));
        Assert.Contains(Alice.ToString(), problem);
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
