using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using Xunit;

namespace Contracts.State.Tests.Storage;

/// <summary>
/// A RocksDB store that writes behind (<see cref="RocksDbStateStoreOptions.WriteBehind"/>): commits readable at once
/// from memory, written in order, durable after <see cref="IStateStore.Flush"/>, and a failed write reported, never lost.
/// The writer is held back (or made to fail) through the store's <c>BeforeWrite</c> hook, so what is asserted about
/// pending commits does not depend on timing.
/// </summary>
public sealed class WriteBehindTests : IDisposable
{
    private static readonly Address Alice = Address.FromHex("0x00000000000000000000000000000000000a11ce");
    private static readonly Address Bob = Address.FromHex("0x0000000000000000000000000000000000000b0b");

    private readonly TempDirectory _directory = new();
    // A failing assertion before the writes are let through must not leave the store's close waiting forever.
    private static readonly TimeSpan HoldLimit = TimeSpan.FromMinutes(2);

    private readonly ManualResetEventSlim _writes = new(initialState: false);

    public void Dispose()
    {
        _writes.Set();
        _writes.Dispose();
        _directory.Dispose();
    }

    private RocksDbStateStore Open(string path, int maxPending = 4, Action<long>? beforeWrite = null)
    {
        var store = RocksDbStateStore.Open(path, new RocksDbStateStoreOptions { WriteBehind = true, MaxPendingCommits = maxPending });
        store.BeforeWrite = beforeWrite ?? (_ => _writes.Wait(HoldLimit));
        return store;
    }

    /// <summary>Commits block <paramref name="n"/>: balances, a byte string, code, a record per block, a shared record and the head.</summary>
    private static Hash256 CommitBlock(WorldState state, int n)
    {
        state.SetBalance(Alice, (ulong)n);
        state.SetNonce(Bob, (ulong)n);
        state.SetSlot(Alice, (UInt256)(ulong)n, (UInt256)(ulong)(n * 10));
        state.SetBytes(Bob, [(byte)n], [(byte)(n + 100)]);
        state.SetCode(Bob, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, (byte)n]);
        return state.Commit((root, records) =>
        {
            records.Put([(byte)'b', (byte)n], root.ToArray());
            records.Put("latest"u8, [(byte)n]);
            if (n > 1) records.Delete([(byte)'b', (byte)(n - 1)]);
            records.SetHead(root);
        });
    }

    private static void AssertBlock(IStateStore store, Hash256 root, int n)
    {
        var state = WorldState.OpenAt(store, root);
        Assert.Equal((UInt256)(ulong)n, state.GetBalance(Alice));
        Assert.Equal((ulong)n, state.GetNonce(Bob));
        for (var i = 1; i <= n; i++) Assert.Equal((UInt256)(ulong)(i * 10), state.GetSlot(Alice, (UInt256)(ulong)i));
        Assert.Equal(new[] { (byte)(n + 100) }, state.GetBytes(Bob, [(byte)n]));
        Assert.Equal((byte)n, state.GetCode(Bob)![^1]);
    }

    [Fact]
    public void Commits_are_readable_before_their_write_and_on_disk_in_order_after_a_flush()
    {
        var path = _directory.Sub("db");
        var written = new List<long>();
        var roots = new List<Hash256>();
        using (var store = Open(path, beforeWrite: sequence =>
        {
            _writes.Wait(HoldLimit);
            lock (written) written.Add(sequence);
        }))
        {
            var state = WorldState.OpenHead(store);
            for (var n = 1; n <= 3; n++) roots.Add(CommitBlock(state, n));

            // Nothing written yet: every commit is served from memory, the newest record write winning.
            var durable = store.WhenDurable();
            Assert.False(durable.IsCompleted);
            Assert.Empty(written);
            Assert.Equal(roots[^1], store.Head);
            for (var n = 1; n <= 3; n++)
            {
                Assert.True(store.ContainsRoot(roots[n - 1]));
                AssertBlock(store, roots[n - 1], n);
            }

            Assert.False(store.TryGetRecord([(byte)'b', 1], out _));
            Assert.True(store.TryGetRecord([(byte)'b', 3], out var three));
            Assert.Equal(roots[2].ToArray(), three.ToArray());
            Assert.True(store.TryGetRecord("latest"u8, out var latest));
            Assert.Equal(new byte[] { 3 }, latest.ToArray());

            // A commit on a pending root (the next block on its parent) is pending too, then all are written in order.
            roots.Add(CommitBlock(WorldState.OpenAt(store, roots[^1]), 4));
            AssertBlock(store, roots[^1], 4);
            _writes.Set();
            store.Flush();
            Assert.True(durable.IsCompletedSuccessfully);
            Assert.Equal(new long[] { 1, 2, 3, 4 }, written.ToArray());
        }

        using (var reopened = RocksDbStateStore.Open(path))
        {
            Assert.Equal(roots[^1], reopened.Head);
            for (var n = 1; n <= 4; n++) AssertBlock(reopened, roots[n - 1], n);
            Assert.True(reopened.TryGetRecord([(byte)'b', 4], out _));
            Assert.False(reopened.TryGetRecord([(byte)'b', 3], out _));
        }
    }

    [Fact]
    public async Task A_prefix_read_while_matching_records_wait_for_their_write_sees_them()
    {
        using var store = Open(_directory.Sub("db"));
        var state = WorldState.OpenHead(store);
        CommitBlock(state, 1);
        CommitBlock(state, 2);
        var page = Task.Run(() => store.ReadRecords("b"u8, [], 10));
        _writes.Set();
        var records = await page;
        Assert.Equal(new byte[] { (byte)'b', 2 }, Assert.Single(records).Key);
    }

    [Fact]
    public void A_failed_write_drops_it_and_the_commits_after_it_and_every_later_commit_and_flush_reports_it()
    {
        var path = _directory.Sub("db");
        var roots = new List<Hash256>();
        using (var store = Open(path, beforeWrite: sequence =>
        {
            _writes.Wait(HoldLimit);
            // Stands in for RocksDB refusing the write (disk full, I/O error): the store sees the same exception.
            if (sequence == 3) throw new StateStoreException(StateStoreErrorKind.Io, "injected: no space left on device");
        }))
        {
            var state = WorldState.OpenHead(store);
            for (var n = 1; n <= 4; n++) roots.Add(CommitBlock(state, n));
            var durable = store.WhenDurable();
            _writes.Set();

            var failure = Assert.Throws<StateStoreException>(store.Flush);
            Assert.Equal(StateStoreErrorKind.WriteFailed, failure.Kind);
            Assert.Contains("no space left on device", failure.Message, StringComparison.Ordinal);
            Assert.True(durable.IsFaulted);

            // Readers and the head are back at the last durable commit; the dropped ones are gone.
            Assert.Equal(roots[1], store.Head);
            AssertBlock(store, roots[1], 2);
            Assert.True(store.TryGetRecord([(byte)'b', 2], out _));
            Assert.False(store.TryGetRecord([(byte)'b', 3], out _));
            Assert.True(store.TryGetRecord("latest"u8, out var latest));
            Assert.Equal(new byte[] { 2 }, latest.ToArray());
            // A root the store does not hold may be one the failure dropped: asking for it reports the failure.
            Assert.Equal(StateStoreErrorKind.WriteFailed, Assert.Throws<StateStoreException>(() => store.ContainsRoot(roots[2])).Kind);
            Assert.Equal(StateStoreErrorKind.WriteFailed, Assert.Throws<StateStoreException>(() => WorldState.OpenAt(store, roots[3])).Kind);

            // No more writes: the next commit and flush say why.
            var next = WorldState.OpenAt(store, roots[1]);
            next.SetBalance(Alice, 99);
            Assert.Equal(StateStoreErrorKind.WriteFailed, Assert.Throws<StateStoreException>(() => next.Commit()).Kind);
            Assert.Equal(StateStoreErrorKind.WriteFailed, Assert.Throws<StateStoreException>(store.Flush).Kind);
            Assert.True(store.WhenDurable().IsFaulted);
        }

        using (var reopened = RocksDbStateStore.Open(path))
        {
            Assert.Equal(roots[1], reopened.Head);
            AssertBlock(reopened, roots[1], 2);
            Assert.False(reopened.ContainsRoot(roots[2]));
            Assert.False(reopened.TryGetRecord([(byte)'b', 3], out _));
        }
    }

    [Fact]
    public void A_write_failure_no_one_was_told_of_is_thrown_when_the_store_closes()
    {
        var path = _directory.Sub("db");
        var store = Open(path, beforeWrite: _ => throw new StateStoreException(StateStoreErrorKind.Io, "injected: I/O error"));
        CommitBlock(WorldState.OpenHead(store), 1);
        ((IAsyncResult)store.WhenDurable()).AsyncWaitHandle.WaitOne();
        var failure = Assert.Throws<StateStoreException>(store.Dispose);
        Assert.Equal(StateStoreErrorKind.WriteFailed, failure.Kind);

        using var reopened = RocksDbStateStore.Open(path);
        Assert.Equal(Hash256.EmptyTrieRoot, reopened.Head);
    }

    [Fact]
    public void Closing_writes_every_pending_commit()
    {
        var path = _directory.Sub("db");
        var roots = new List<Hash256>();
        using (var store = Open(path, beforeWrite: _ => { }))
        {
            var state = WorldState.OpenHead(store);
            for (var n = 1; n <= 6; n++) roots.Add(CommitBlock(state, n));
        }

        using var reopened = RocksDbStateStore.Open(path);
        Assert.Equal(roots[^1], reopened.Head);
        for (var n = 1; n <= 6; n++) AssertBlock(reopened, roots[n - 1], n);
    }
}
