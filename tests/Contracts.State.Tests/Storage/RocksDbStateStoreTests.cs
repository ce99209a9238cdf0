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
    public void A_batched_node_read_gives_what_single_reads_give_cached_or_not()
    {
        var path = _directory.Sub("db");
        var collector = new DictionaryNodeStore();
        using (var store = RocksDbStateStore.Open(path))
        {
            using var batch = store.BeginCommit();
            var trie = new Contracts.State.Trie.PatriciaTrie();
            for (var i = 0; i < 3_000; i++)
            {
                trie.Set(Bytes.Pseudorandom(32, i), Bytes.Pseudorandom(40, i + 100_000));
            }

            trie.Commit(collector);
            foreach (var (hash, encoding) in collector.Nodes) batch.PutNode(hash, encoding);
            batch.Complete();
        }

        // Reopened: nothing cached, so the stored half goes through MultiGet (in two parallel halves: > 2,048 misses).
        using (var store = RocksDbStateStore.Open(path))
        {
            var hashes = collector.Nodes.Keys.Concat(Enumerable.Range(0, 500).Select(i => new Hash256(Bytes.Pseudorandom(32, -i - 1)))).ToArray();
            Assert.True(collector.Nodes.Count > 2_048);
            Assert.True(((Contracts.State.Trie.ITrieNodeSource)store).BatchesReads);
            var encodings = new ReadOnlyMemory<byte>[hashes.Length];
            store.GetNodes(hashes, encodings);
            for (var i = 0; i < hashes.Length; i++)
            {
                if (collector.Nodes.TryGetValue(hashes[i], out var expected)) Assert.Equal(expected, encodings[i].ToArray());
                else Assert.True(encodings[i].IsEmpty);
            }

            // Again, now from the node cache, and mixed with single reads.
            Array.Clear(encodings);
            store.GetNodes(hashes, encodings);
            for (var i = 0; i < hashes.Length; i++)
            {
                Assert.Equal(store.TryGetNode(hashes[i], out var single), !encodings[i].IsEmpty);
                Assert.Equal(single.ToArray(), encodings[i].ToArray());
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
