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
    public void One_batch_lands_nodes_from_worker_sinks_code_and_records_in_write_order_with_the_head()
    {
        var path = _directory.Sub("db");
        var collector = new DictionaryNodeStore();
        var trie = new Contracts.State.Trie.PatriciaTrie();
        for (var i = 0; i < 2_000; i++)
        {
            trie.Set(Bytes.Pseudorandom(32, i), Bytes.Pseudorandom(40, i + 100_000));
        }

        var root = trie.Commit(collector);
        var code = Bytes.Pseudorandom(100, 7);
        var codeHash = Contracts.State.Crypto.Keccak256.Compute(code);
        using (var store = RocksDbStateStore.Open(path))
        {
            using var batch = store.BeginCommit();
            var workers = new[] { batch.CreateWorkerSink()!, batch.CreateWorkerSink()! };
            Parallel.ForEach(collector.Nodes.Where(n => n.Key != root).Select((node, i) => (node, i)), item =>
            {
                var sink = workers[item.i % 2];
                lock (sink) sink.PutNode(item.node.Key, item.node.Value);
            });
            batch.PutNode(root, collector.Nodes[root]);
            batch.PutCode(codeHash, code);
            batch.Put("a"u8, "1"u8);
            batch.Put("b"u8, "2"u8);
            batch.Delete("a"u8);
            batch.Put("b"u8, "3"u8);
            batch.SetHead(root);
            batch.Complete();

            // Branches now come from the node cache, as slices of the batch's chunks; leaves from RocksDB.
            foreach (var (hash, encoding) in collector.Nodes)
            {
                Assert.True(store.TryGetNode(hash, out var stored));
                Assert.Equal(encoding, stored.ToArray());
            }
        }

        using (var store = RocksDbStateStore.Open(path))
        {
            Assert.Equal(root, store.Head);
            Assert.False(store.TryGetRecord("a"u8, out _));
            Assert.True(store.TryGetRecord("b"u8, out var b));
            Assert.Equal("3"u8.ToArray(), b.ToArray());
            Assert.True(store.TryGetCode(codeHash, out var storedCode));
            Assert.Equal(code, storedCode.ToArray());
            foreach (var (hash, encoding) in collector.Nodes)
            {
                Assert.True(store.TryGetNode(hash, out var stored));
                Assert.Equal(encoding, stored.ToArray());
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
