using System.Buffers.Binary;
using System.Text;
using Contracts.State.Primitives;
using RocksDbSharp;

namespace Contracts.State.Storage;

/// <summary>
/// The embedded durable store. One RocksDB database with column families for trie nodes (by hash, never
/// deleted, so every committed root can be reopened), code and derived artifacts, the chain's records, and
/// metadata (format marker, head). Each commit is one WriteBatch written with the WAL on and synced before
/// <see cref="IStateCommitBatch.Complete"/> returns; closing flushes the memtables so a reopen does not replay
/// the log.
/// </summary>
public sealed class RocksDbStateStore : IStateStore
{
    private const string NodesFamily = "nodes";
    private const string CodeFamily = "code";
    private const string RecordsFamily = "records";
    private const string MetadataFamily = "metadata";

    private const byte CodePrefix = 0;
    private const byte ArtifactPrefix = 1;

    private const int BloomBitsPerKey = 10;

    // Below this many uncached nodes a batched read stays on the calling thread.
    private const int ParallelReadThreshold = 2048;

    // One cache for every store the process opens, so many stores (tests, tools) do not each reserve their own.
    private static readonly Cache NodeBlockCache = Cache.CreateLru(256UL * 1024 * 1024);

    private static readonly string[] Families = [NodesFamily, CodeFamily, RecordsFamily, MetadataFamily];
    private static readonly byte[] FormatKey = "format"u8.ToArray();
    private static readonly byte[] FormatValue = "contracts-state/2"u8.ToArray();
    private static readonly byte[] HeadKey = "head"u8.ToArray();

    private readonly RocksDb _db;
    private readonly ColumnFamilyHandle _nodes;
    private readonly ColumnFamilyHandle _code;
    private readonly ColumnFamilyHandle _records;
    private readonly ColumnFamilyHandle _metadata;
    private readonly WriteOptions _syncedWrites = new WriteOptions().SetSync(true);
    private readonly ReadOptions _readOptions = new();
    private readonly object _commitLock = new();
    private readonly NodeCache _nodeCache;
    private bool _disposed;

    private RocksDbStateStore(RocksDb db, string path, RocksDbStateStoreOptions options)
    {
        _db = db;
        Path = path;
        _nodeCache = new NodeCache(options.NodeCacheBytes);
        _nodes = db.GetColumnFamily(NodesFamily);
        _code = db.GetColumnFamily(CodeFamily);
        _records = db.GetColumnFamily(RecordsFamily);
        _metadata = db.GetColumnFamily(MetadataFamily);
    }

    public string Path { get; }

    public Hash256 Head { get; private set; } = Hash256.EmptyTrieRoot;

    /// <summary>
    /// Opens the store in <paramref name="path"/>, creating it when the directory is missing or empty. Fails with
    /// a <see cref="StateStoreException"/> for a directory of something else, a damaged store, or one that is open
    /// elsewhere.
    /// </summary>
    public static RocksDbStateStore Open(string path) => Open(path, new RocksDbStateStoreOptions());

    /// <inheritdoc cref="Open(string)"/>
    public static RocksDbStateStore Open(string path, RocksDbStateStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NodeCacheBytes);
        path = System.IO.Path.GetFullPath(path);
        var isNew = !Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any();
        if (!isNew)
        {
            CheckLooksLikeOurs(path);
        }
        else
        {
            Directory.CreateDirectory(path);
        }

        // Memory-mapped reads: a node missing from the block cache is read from the mapped table file without a
        // read system call and a copy per block (nodes are read by hash, so such misses are most reads of a big state).
        var dbOptions = new DbOptions()
            .SetCreateIfMissing(isNew)
            .SetCreateMissingColumnFamilies(isNew)
            .SetParanoidChecks(true)
            .SetInfoLogLevel(InfoLogLevel.Warn)
            .SetKeepLogFileNum(2)
            .SetAllowMmapReads(true);
        var families = new ColumnFamilies();
        foreach (var family in Families)
        {
            families.Add(family, family == NodesFamily ? NodeFamilyOptions() : new ColumnFamilyOptions());
        }

        RocksDb db;
        try
        {
            db = RocksDb.Open(dbOptions, path, families);
        }
        catch (RocksDbException e)
        {
            throw Translate(e, path);
        }

        var store = new RocksDbStateStore(db, path, options);
        try
        {
            store.Initialize(isNew);
        }
        catch
        {
            db.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// Trie nodes are read by hash, so reads have no locality, and their bytes are mostly hashes and random values.
    /// Each table's bloom filter and index stay in memory outside the block cache (a few bytes per key): with
    /// them in the cache, data blocks of a state larger than the cache evicted them and a lookup could cost two
    /// extra block reads. A bloom filter on the memtable skips it for keys it lacks; the shared block cache keeps
    /// recently read blocks; compression would spend CPU on incompressible bytes.
    /// </summary>
    private static ColumnFamilyOptions NodeFamilyOptions()
    {
        var table = new BlockBasedTableOptions()
            .SetFilterPolicy(BloomFilterPolicy.Create(BloomBitsPerKey, false))
            .SetWholeKeyFiltering(true)
            .SetBlockCache(NodeBlockCache)
            .SetCacheIndexAndFilterBlocks(false);
        var options = new ColumnFamilyOptions()
            .SetBlockBasedTableFactory(table)
            .SetMemtablePrefixBloomSizeRatio(0.1)
            .SetCompression(Compression.No);
        Native.Instance.rocksdb_options_set_memtable_whole_key_filtering(options.Handle, 1);
        return options;
    }

    public bool ContainsRoot(in Hash256 root) => root == Hash256.EmptyTrieRoot || HasKey(_nodes, root);

    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        if (_nodeCache.TryGet(hash, out var cached))
        {
            CheckOpen();
            encoding = cached;
            return true;
        }

        Span<byte> key = stackalloc byte[Hash256.Length];
        hash.CopyTo(key);
        var bytes = Get(_nodes, key);
        encoding = bytes;
        if (bytes is null)
        {
            return false;
        }

        _nodeCache.Add(hash, bytes);
        return true;
    }

    public bool BatchesReads => true;

    /// <summary>
    /// Nodes in the cache are served from it; the rest are read in one batched MultiGet (RocksDB sorts the keys,
    /// probes filters and reads blocks per table file once for the whole batch, and hands back pinned slices that
    /// are copied once), and cached.
    /// </summary>
    public void GetNodes(ReadOnlySpan<Hash256> hashes, Span<ReadOnlyMemory<byte>> encodings)
    {
        CheckOpen();
        if (encodings.Length < hashes.Length)
        {
            throw new ArgumentException("One encoding slot per hash is needed.", nameof(encodings));
        }

        var misses = new List<int>();
        for (var i = 0; i < hashes.Length; i++)
        {
            if (_nodeCache.TryGet(hashes[i], out var cached))
            {
                encodings[i] = cached;
            }
            else
            {
                encodings[i] = default;
                misses.Add(i);
            }
        }

        if (misses.Count < ParallelReadThreshold || Environment.ProcessorCount < 2)
        {
            ReadBatch(hashes, encodings, misses, 0, misses.Count);
            return;
        }

        // A MultiGet runs on the calling thread: a big level is read as two halves side by side.
        var hashArray = hashes.ToArray();
        var results = new ReadOnlyMemory<byte>[hashes.Length];
        var half = misses.Count / 2;
        Parallel.Invoke(
            () => ReadBatch(hashArray, results, misses, 0, half),
            () => ReadBatch(hashArray, results, misses, half, misses.Count));
        foreach (var index in misses)
        {
            encodings[index] = results[index];
        }
    }

    /// <summary>Reads the nodes <paramref name="misses"/>[from..to) names in one batched MultiGet, fills their encodings and caches them.</summary>
    private unsafe void ReadBatch(ReadOnlySpan<Hash256> hashes, Span<ReadOnlyMemory<byte>> encodings, List<int> misses, int from, int to)
    {
        var count = to - from;
        var keys = GC.AllocateUninitializedArray<byte>(count * Hash256.Length, pinned: true);
        var keyPointers = GC.AllocateUninitializedArray<IntPtr>(count, pinned: true);
        var keySizes = GC.AllocateUninitializedArray<UIntPtr>(count, pinned: true);
        var values = new IntPtr[count];
        var errors = new IntPtr[count];
        fixed (byte* keyBytes = keys)
        fixed (IntPtr* slices = values)
        {
            for (var m = 0; m < count; m++)
            {
                hashes[misses[from + m]].CopyTo(keys.AsSpan(m * Hash256.Length, Hash256.Length));
                keyPointers[m] = (IntPtr)(keyBytes + m * Hash256.Length);
                keySizes[m] = Hash256.Length;
            }

            fixed (IntPtr* keyList = keyPointers)
            fixed (UIntPtr* sizeList = keySizes)
            {
                Native.Instance.rocksdb_batched_multi_get_cf(
                    _db.Handle, _readOptions.Handle, _nodes.Handle, (UIntPtr)count, (IntPtr)keyList, (IntPtr)sizeList, (IntPtr)slices, errors, 0);
            }
        }

        string? failure = null;
        for (var m = 0; m < count; m++)
        {
            if (errors[m] != IntPtr.Zero)
            {
                failure ??= System.Runtime.InteropServices.Marshal.PtrToStringUTF8(errors[m]);
                Native.Instance.rocksdb_free(errors[m]);
            }

            if (values[m] == IntPtr.Zero)
            {
                continue;
            }

            var data = Native.Instance.rocksdb_pinnableslice_value(values[m], out var length);
            var encoding = new ReadOnlySpan<byte>((void*)data, checked((int)length)).ToArray();
            Native.Instance.rocksdb_pinnableslice_destroy(values[m]);
            var index = misses[from + m];
            encodings[index] = encoding;
            _nodeCache.Add(hashes[index], encoding);
        }

        if (failure is not null)
        {
            throw new StateStoreException(StateStoreErrorKind.Io, $"{Path}: reading trie nodes failed: {failure}");
        }
    }

    public void SetHead(in Hash256 root)
    {
        using var batch = BeginCommit();
        batch.SetHead(root);
        batch.Complete();
    }

    public bool TryGetRecord(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value) => TryGet(_records, key, out value);

    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadRecords(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit)
    {
        CheckOpen();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<KeyValuePair<byte[], byte[]>>();
        var start = (startAt.SequenceCompareTo(prefix) > 0 ? startAt : prefix).ToArray();
        var prefixBytes = prefix.ToArray();
        Run(() =>
        {
            using var iterator = _db.NewIterator(_records);
            for (iterator.Seek(start); iterator.Valid() && result.Count < limit; iterator.Next())
            {
                var key = iterator.Key();
                if (!key.AsSpan().StartsWith(prefixBytes))
                {
                    break;
                }

                result.Add(new KeyValuePair<byte[], byte[]>(key, iterator.Value()));
            }
        });
        return result;
    }

    public bool TryGetCode(in Hash256 codeHash, out ReadOnlyMemory<byte> code)
    {
        Span<byte> key = stackalloc byte[1 + Hash256.Length];
        key[0] = CodePrefix;
        codeHash.CopyTo(key[1..]);
        return TryGet(_code, key, out code);
    }

    public bool TryGetArtifact(in ArtifactKey key, out ReadOnlyMemory<byte> artifact)
    {
        Span<byte> bytes = stackalloc byte[1 + ArtifactKey.Length];
        bytes[0] = ArtifactPrefix;
        key.WriteTo(bytes[1..]);
        return TryGet(_code, bytes, out artifact);
    }

    public void PutArtifact(in ArtifactKey key, ReadOnlySpan<byte> artifact)
    {
        CheckOpen();
        Span<byte> bytes = stackalloc byte[1 + ArtifactKey.Length];
        bytes[0] = ArtifactPrefix;
        key.WriteTo(bytes[1..]);
        var keyArray = bytes.ToArray();
        var value = artifact.ToArray();
        Run(() => _db.Put(keyArray, value, _code, _syncedWrites));
    }

    public IStateCommitBatch BeginCommit()
    {
        CheckOpen();
        return new Batch(this);
    }

    /// <summary>Flushes every column family to table files and closes, so the next open has no log to replay.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            var flush = new FlushOptions().SetWaitForFlush(true);
            var handles = new[] { _nodes.Handle, _code.Handle, _records.Handle, _metadata.Handle };
            Native.Instance.rocksdb_flush_cfs(_db.Handle, flush.Handle, handles, handles.Length);
        }
        finally
        {
            _db.Dispose();
        }
    }

    private void Initialize(bool isNew)
    {
        if (isNew)
        {
            using var batch = new WriteBatch();
            batch.Put(FormatKey, FormatValue, _metadata);
            Run(() => _db.Write(batch, _syncedWrites));
            return;
        }

        var format = Run(() => _db.Get(FormatKey, _metadata));
        if (format is null || !format.AsSpan().SequenceEqual(FormatValue))
        {
            throw new StateStoreException(
                StateStoreErrorKind.NotAStateStore,
                $"{Path} is a RocksDB database without this program's format marker ({(format is null ? "none" : Encoding.UTF8.GetString(format))}); refusing to use it.");
        }

        var head = Run(() => _db.Get(HeadKey, _metadata));
        if (head is null)
        {
            return;
        }

        if (head.Length != Hash256.Length)
        {
            throw new StateStoreException(StateStoreErrorKind.Corrupt, $"{Path}: the head record is {head.Length} bytes, expected {Hash256.Length}.");
        }

        Head = new Hash256(head);
        if (!ContainsRoot(Head))
        {
            throw new StateStoreException(StateStoreErrorKind.Corrupt, $"{Path}: the head root {Head} has no stored node.");
        }
    }

    private static void CheckLooksLikeOurs(string path)
    {
        if (!File.Exists(System.IO.Path.Combine(path, "CURRENT")))
        {
            throw new StateStoreException(
                StateStoreErrorKind.NotAStateStore,
                $"{path} is not empty and holds no database (no CURRENT file); refusing to write into it.");
        }

        string[] existing;
        try
        {
            if (!RocksDb.TryListColumnFamilies(new DbOptions(), path, out existing))
            {
                throw new StateStoreException(StateStoreErrorKind.Corrupt, $"{path}: the database's column families cannot be listed.");
            }
        }
        catch (RocksDbException e)
        {
            throw Translate(e, path);
        }

        var missing = Families.Where(f => !existing.Contains(f)).ToList();
        if (missing.Count > 0)
        {
            throw new StateStoreException(
                StateStoreErrorKind.NotAStateStore,
                $"{path} is a RocksDB database without the column families {string.Join(", ", missing)}; it belongs to something else.");
        }
    }

    private static StateStoreException Translate(RocksDbException e, string path)
    {
        var message = e.Message;
        if (message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            return new StateStoreException(StateStoreErrorKind.Locked, $"{path} is already open in another process or store: {message}", e);
        }

        if (message.Contains("Corruption", StringComparison.OrdinalIgnoreCase) || message.Contains("checksum", StringComparison.OrdinalIgnoreCase))
        {
            return new StateStoreException(StateStoreErrorKind.Corrupt, $"{path} is damaged: {message}", e);
        }

        return new StateStoreException(StateStoreErrorKind.Io, $"{path}: {message}", e);
    }

    private bool HasKey(ColumnFamilyHandle family, in Hash256 hash)
    {
        Span<byte> key = stackalloc byte[Hash256.Length];
        hash.CopyTo(key);
        return TryGet(family, key, out _);
    }

    private bool TryGet(ColumnFamilyHandle family, ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        var bytes = Get(family, key);
        value = bytes;
        return bytes is not null;
    }

    private byte[]? Get(ColumnFamilyHandle family, ReadOnlySpan<byte> key)
    {
        CheckOpen();
        try
        {
            return _db.Get(key, family);
        }
        catch (RocksDbException e)
        {
            throw Translate(e, Path);
        }
    }

    private T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RocksDbException e)
        {
            throw Translate(e, Path);
        }
    }

    private void Run(Action action)
    {
        try
        {
            action();
        }
        catch (RocksDbException e)
        {
            throw Translate(e, Path);
        }
    }

    private void CheckOpen() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>A RocksDB WriteBatch: everything in it, head included, lands in one synced write.</summary>
    private sealed class Batch(RocksDbStateStore store) : IStateCommitBatch
    {
        private readonly WriteBatch _batch = new();

        // What the node cache gets once the write succeeded.
        private readonly List<(Hash256 Hash, byte[] Encoding)> _nodesWritten = [];
        private Hash256? _head;
        private Hash256? _lastNode;
        private bool _done;

        public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding)
        {
            Span<byte> key = stackalloc byte[Hash256.Length];
            hash.CopyTo(key);
            var copy = encoding.ToArray();
            _batch.Put(key, copy, store._nodes);
            _nodesWritten.Add((hash, copy));
            _lastNode = hash;
        }

        public void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code)
        {
            Span<byte> key = stackalloc byte[1 + Hash256.Length];
            key[0] = CodePrefix;
            codeHash.CopyTo(key[1..]);
            _batch.Put(key, code, store._code);
        }

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _batch.Put(key, value, store._records);

        public void Delete(ReadOnlySpan<byte> key) => _batch.Delete(key.ToArray(), store._records);

        public void SetHead(in Hash256 root) => _head = root;

        public void Complete()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            store.CheckOpen();
            lock (store._commitLock)
            {
                if (_head is { } head)
                {
                    // The head may name the root this batch commits: written last, in the batch, not yet in the store.
                    if (_lastNode != head && !store.ContainsRoot(head))
                    {
                        throw StateStoreErrors.UnknownRoot(head);
                    }

                    var record = new byte[Hash256.Length];
                    head.CopyTo(record);
                    _batch.Put(HeadKey, record, store._metadata);
                }

                store.Run(() => store._db.Write(_batch, store._syncedWrites));
                if (_head is { } newHead)
                {
                    store.Head = newHead;
                }

                foreach (var (hash, encoding) in _nodesWritten)
                {
                    store._nodeCache.Add(hash, encoding);
                }
            }

            _done = true;
        }

        public void Dispose()
        {
            _done = true;
            _batch.Dispose();
        }
    }
}
