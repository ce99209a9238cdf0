using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Tests.Support;
using Contracts.State.World;
using RocksDbSharp;
using Xunit;

namespace Contracts.State.Tests.Storage;

public sealed class RocksDbStateStoreTests : IDisposable
{
    private static readonly Address Alice = Address.FromHex("0x00000000000000000000000000000000000a11ce");

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Closing_and_reopening_gives_back_the_head_every_committed_root_and_the_values()
    {
        var path = _directory.Sub("db");
        var roots = new List<Hash256>();
        using (var store = RocksDbStateStore.Open(path))
        {
            var state = WorldState.OpenHead(store);
            for (var i = 1; i <= 3; i++)
            {
                state.SetBytes(Alice, [(byte)i], [(byte)(10 * i)]);
                state.SetBalance(Alice, (ulong)i);
                roots.Add(state.Commit((root, records) => records.SetHead(root)));
            }
        }

        using (var store = RocksDbStateStore.Open(path))
        {
            Assert.Equal(roots[^1], store.Head);
            for (var i = 1; i <= 3; i++)
            {
                var state = WorldState.OpenAt(store, roots[i - 1]);
                Assert.Equal((UInt256)(ulong)i, state.GetBalance(Alice));
                Assert.Equal(new[] { (byte)(10 * i) }, state.GetBytes(Alice, [(byte)i]));
                Assert.Null(i < 3 ? state.GetBytes(Alice, [(byte)(i + 1)]) : null);
            }
        }
    }

    [Fact]
    public void A_clean_close_flushes_so_no_write_ahead_log_is_left_to_replay()
    {
        var path = _directory.Sub("db");
        using (var store = RocksDbStateStore.Open(path))
        {
            var state = WorldState.OpenHead(store);
            state.SetBytes(Alice, "k"u8, "v"u8);
            state.Commit();
            Assert.True(LogBytes(path) > 0, "a synced commit must be in the log before the flush");
        }

        Assert.Equal(0, LogBytes(path));
    }

    [Fact]
    public void A_directory_holding_something_else_is_refused()
    {
        var path = _directory.Sub("notes");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "readme.txt"), "not a database");
        var error = Assert.Throws<StateStoreException>(() => RocksDbStateStore.Open(path));
        Assert.Equal(StateStoreErrorKind.NotAStateStore, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Equal(["readme.txt"], Directory.GetFileSystemEntries(path).Select(Path.GetFileName));
    }

    [Fact]
    public void Another_programs_RocksDB_database_is_refused()
    {
        var path = _directory.Sub("other");
        using (RocksDb.Open(new DbOptions().SetCreateIfMissing(true), path))
        {
        }

        var error = Assert.Throws<StateStoreException>(() => RocksDbStateStore.Open(path));
        Assert.Equal(StateStoreErrorKind.NotAStateStore, error.Kind);
    }

    [Fact]
    public void A_store_open_elsewhere_is_reported_as_locked()
    {
        var path = _directory.Sub("db");
        using var first = RocksDbStateStore.Open(path);
        var error = Assert.Throws<StateStoreException>(() => RocksDbStateStore.Open(path));
        Assert.Equal(StateStoreErrorKind.Locked, error.Kind);
    }

    [Fact]
    public void A_damaged_store_is_reported_as_corrupt()
    {
        var path = _directory.Sub("db");
        using (var store = RocksDbStateStore.Open(path))
        {
            var state = WorldState.OpenHead(store);
            state.SetBalance(Alice, 1);
            state.Commit();
        }

        var manifest = Directory.GetFiles(path, "MANIFEST-*").Single();
        var bytes = File.ReadAllBytes(manifest);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            bytes[i] ^= 0x5a;
        }

        File.WriteAllBytes(manifest, bytes);
        var error = Assert.Throws<StateStoreException>(() => RocksDbStateStore.Open(path));
        Assert.Equal(StateStoreErrorKind.Corrupt, error.Kind);
    }

    private static long LogBytes(string path) => Directory.GetFiles(path, "*.log").Sum(f => new FileInfo(f).Length);
}
