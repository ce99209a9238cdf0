using System.Buffers.Binary;
using System.Text;
using Contracts.State.Primitives;
using Contracts.State.Trie;
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

    /// <summary>
    /// A RocksDB WriteBatch: everything in it, head included, lands in one synced write. Nodes are packed into
    /// pinned chunks as they come (parallel merge workers each into their own, <see cref="CreateWorkerSink"/>) and
    /// only on completion go into a native batch sized for all of them at once, from where they lie, sorted by
    /// hash: RocksDB inserts a batch into its memtable (a skip list) in batch order, and reuses its search position
    /// from one insert to the next, so sorted keys cost a short walk each where random ones walk the whole list
    /// (measured with <c>-- quick-rocksdb-write</c>: 3-7x less time in the write for a 100,000-slot commit).
    /// Afterwards the node cache keeps the nodes as slices of those same chunks.
    /// </summary>
    private sealed class Batch(RocksDbStateStore store) : IStateCommitBatch
    {
        // Bytes RocksDB's batch format spends per put besides key and value: tag, family id, two varint lengths.
        private const int PutOverheadBytes = 16;

        private readonly NodeChunks _nodes = new(pinned: true);
        private readonly List<NodeChunks> _workerNodes = [];

        // Code and records, in the order they were written (a record put and deleted in one batch ends deleted).
        private readonly List<(ColumnFamilyHandle Family, byte[] Key, byte[]? Value)> _writes = [];
        private Hash256? _head;
        private Hash256? _lastNode;
        private bool _done;

        public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding)
        {
            _nodes.PutNode(hash, encoding);
            _lastNode = hash;
        }

        public ITrieNodeSink CreateWorkerSink()
        {
            var nodes = new NodeChunks(pinned: true);
            lock (_workerNodes)
            {
                _workerNodes.Add(nodes);
            }

            return nodes;
        }

        public void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code)
        {
            var key = new byte[1 + Hash256.Length];
            key[0] = CodePrefix;
            codeHash.CopyTo(key.AsSpan(1));
            _writes.Add((store._code, key, code.ToArray()));
        }

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _writes.Add((store._records, key.ToArray(), value.ToArray()));

        public void Delete(ReadOnlySpan<byte> key) => _writes.Add((store._records, key.ToArray(), null));

        public void SetHead(in Hash256 root) => _head = root;

        public void Complete()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            store.CheckOpen();
            var sinks = new List<NodeChunks>(_workerNodes.Count + 1) { _nodes };
            sinks.AddRange(_workerNodes);
            var (chunks, order, nodeBytes) = SortedNodes(sinks);
            lock (store._commitLock)
            {
                if (_head is { } head && _lastNode != head && !store.ContainsRoot(head))
                {
                    // The head may name the root this batch commits: written last, in the batch, not yet in the store.
                    throw StateStoreErrors.UnknownRoot(head);
                }

                var reserved = nodeBytes + order.Length * (long)PutOverheadBytes + 4096;
                foreach (var (_, key, value) in _writes) reserved += key.Length + (value?.Length ?? 0) + PutOverheadBytes;
                Write(chunks, order, (nuint)reserved);
                if (_head is { } newHead)
                {
                    store.Head = newHead;
                }

                // Branches and extensions only: the upper levels are what the next blocks read again, while a
                // written leaf is read again only when its own slot changes again (leaves are ~70% of the nodes).
                foreach (var entry in order)
                {
                    var chunk = chunks[(int)(entry >> 32)];
                    var offset = (int)entry;
                    var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + Hash256.Length));
                    var encoding = new ReadOnlyMemory<byte>(chunk, offset + NodeChunks.HeaderBytes, length);
                    if (!TrieNodeCodec.IsLeaf(encoding.Span))
                    {
                        store._nodeCache.Add(new Hash256(chunk.AsSpan(offset, Hash256.Length)), encoding);
                    }
                }
            }

            _done = true;
        }

        /// <summary>
        /// Every node of every sink as (chunk index &lt;&lt; 32 | offset of its hash), ordered by the hash's first eight
        /// bytes (the order RocksDB's bytewise comparator gives up to ties, which are rare and harmless).
        /// </summary>
        private static (byte[][] Chunks, long[] Order, long NodeBytes) SortedNodes(List<NodeChunks> sinks)
        {
            var chunkCount = 0;
            var nodeCount = 0;
            foreach (var sink in sinks)
            {
                chunkCount += sink.ChunkCount;
                nodeCount += sink.Count;
            }

            var chunks = new byte[chunkCount][];
            var keys = GC.AllocateUninitializedArray<ulong>(nodeCount);
            var order = GC.AllocateUninitializedArray<long>(nodeCount);
            var next = 0;
            var chunkIndex = 0;
            var nodeBytes = 0L;
            foreach (var sink in sinks)
            {
                for (var i = 0; i < sink.ChunkCount; i++, chunkIndex++)
                {
                    var chunk = sink.Chunk(i);
                    chunks[chunkIndex] = chunk;
                    var used = sink.UsedBytes(i);
                    nodeBytes += used;
                    for (var offset = 0; offset < used;)
                    {
                        keys[next] = BinaryPrimitives.ReadUInt64BigEndian(chunk.AsSpan(offset));
                        order[next++] = (long)chunkIndex << 32 | (uint)offset;
                        offset += NodeChunks.HeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + Hash256.Length));
                    }
                }
            }

            Array.Sort(keys, order);
            return (chunks, order, nodeBytes);
        }

        /// <summary>One native batch, reserved at its full size up front, written synced; the chunks are pinned, so their addresses are stable.</summary>
        private unsafe void Write(byte[][] chunks, long[] order, nuint reservedBytes)
        {
            var native = Native.Instance;
            var batch = native.rocksdb_writebatch_create_with_params(reservedBytes, 0, 0, 0);
            try
            {
                var nodes = store._nodes.Handle;
                foreach (var entry in order)
                {
                    fixed (byte* chunk = chunks[(int)(entry >> 32)])
                    {
                        var node = chunk + (int)entry;
                        var length = BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(node + Hash256.Length, sizeof(int)));
                        native.rocksdb_writebatch_put_cf(batch, nodes, node, Hash256.Length, node + NodeChunks.HeaderBytes, (nuint)length);
                    }
                }

                foreach (var (family, key, value) in _writes)
                {
                    fixed (byte* keyBytes = key)
                    fixed (byte* valueBytes = value)
                    {
                        if (value is null) native.rocksdb_writebatch_delete_cf(batch, family.Handle, keyBytes, (nuint)key.Length);
                        else native.rocksdb_writebatch_put_cf(batch, family.Handle, keyBytes, (nuint)key.Length, valueBytes, (nuint)value.Length);
                    }
                }

                if (_head is { } head)
                {
                    Span<byte> record = stackalloc byte[Hash256.Length];
                    head.CopyTo(record);
                    fixed (byte* headKey = HeadKey)
                    fixed (byte* headValue = record)
                    {
                        native.rocksdb_writebatch_put_cf(batch, store._metadata.Handle, headKey, (nuint)HeadKey.Length, headValue, Hash256.Length);
                    }
                }

                native.rocksdb_write(store._db.Handle, store._syncedWrites.Handle, batch, out var error);
                if (error != IntPtr.Zero)
                {
                    var message = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(error);
                    native.rocksdb_free(error);
                    throw new StateStoreException(StateStoreErrorKind.Io, $"{store.Path}: writing a commit failed: {message}");
                }
            }
            finally
            {
                native.rocksdb_writebatch_destroy(batch);
            }
        }

        public void Dispose() => _done = true;
    }
}
