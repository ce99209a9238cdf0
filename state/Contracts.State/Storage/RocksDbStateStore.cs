using System.Buffers.Binary;
using System.Text;
using Contracts.State.Primitives;
using Contracts.State.Trie;
using RocksDbSharp;

namespace Contracts.State.Storage;

/// <summary>
/// The embedded durable store. One RocksDB database with column families for trie nodes (by hash, never
/// deleted, so every committed root can be reopened), code and derived artifacts, the chain's records, and
/// metadata (format marker, head). Each commit is one WriteBatch written with the WAL on and synced: before
/// <see cref="IStateCommitBatch.Complete"/> returns, or, when the store writes behind
/// (<see cref="RocksDbStateStoreOptions.WriteBehind"/>), on a writer thread in commit order while the commit is
/// already readable from memory (<see cref="PendingCommit"/>) — <see cref="WhenDurable"/> and <see cref="Flush"/>
/// say when it is on disk. Closing waits for every pending write, then flushes the memtables so a reopen does
/// not replay the log.
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
    private readonly bool _writeBehind;
    private readonly int _maxPendingCommits;

    // Commits completed but not yet on disk, oldest first; replaced whole (never changed in place) under the commit
    // lock, read without it. The writer removes a commit only after its write succeeded and its branches are cached,
    // so a reader that looks here first and then in RocksDB always finds every completed commit's data.
    private PendingCommit[] _pending = [];
    private Thread? _writer;
    private long _lastSequence;
    private volatile HeadRoot _head = new(Hash256.EmptyTrieRoot);
    private Hash256 _durableHead = Hash256.EmptyTrieRoot;
    private volatile StateStoreException? _fault;
    private bool _faultReported;
    private bool _stopping;
    private bool _disposed;

    private RocksDbStateStore(RocksDb db, string path, RocksDbStateStoreOptions options)
    {
        _db = db;
        Path = path;
        _nodeCache = new NodeCache(options.NodeCacheBytes);
        _writeBehind = options.WriteBehind;
        _maxPendingCommits = options.MaxPendingCommits;
        _nodes = db.GetColumnFamily(NodesFamily);
        _code = db.GetColumnFamily(CodeFamily);
        _records = db.GetColumnFamily(RecordsFamily);
        _metadata = db.GetColumnFamily(MetadataFamily);
    }

    public string Path { get; }

    /// <summary>The head as of the last completed commit that set it (readable before it is durable when the store writes behind).</summary>
    public Hash256 Head => _head.Root;

    /// <summary>Whether commits return before their synced write (<see cref="RocksDbStateStoreOptions.WriteBehind"/>).</summary>
    public bool WritesBehind => _writeBehind;

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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPendingCommits);
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
            store.StartWriter();
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

    /// <summary>
    /// Whether the root was committed (on disk or waiting for its write). After a failed write a root the store does not
    /// hold throws <see cref="StateStoreErrorKind.WriteFailed"/>: it may be one of the commits the failure dropped.
    /// </summary>
    public bool ContainsRoot(in Hash256 root)
    {
        if (root == Hash256.EmptyTrieRoot || TryGetPendingNode(root, out _) || HasKey(_nodes, root)) return true;
        if (_fault is not null) throw ReportFault();
        return false;
    }

    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        if (_nodeCache.TryGet(hash, out var cached))
        {
            CheckOpen();
            encoding = cached;
            return true;
        }

        if (TryGetPendingNode(hash, out encoding))
        {
            return true;
        }

        Span<byte> key = stackalloc byte[Hash256.Length];
        hash.CopyTo(key);
        var bytes = Get(_nodes, key);
        encoding = bytes;
        if (bytes is null)
        {
            // After a failed write the commits waiting behind it were dropped: a view on one of their roots ends here.
            if (_fault is not null) throw ReportFault();
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
            if (_nodeCache.TryGet(hashes[i], out var cached) || TryGetPendingNode(hashes[i], out cached))
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

    public bool TryGetRecord(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        // Newest first: a later commit's put or delete of the key wins.
        var pending = Volatile.Read(ref _pending);
        for (var i = pending.Length - 1; i >= 0; i--)
        {
            if (pending[i].TryGetRecord(key, out var written))
            {
                CheckOpen();
                value = written;
                return written is not null;
            }
        }

        return TryGet(_records, key, out value);
    }

    /// <summary>
    /// Records in key order. A prefix read while a commit with records under the prefix waits for its write waits
    /// for that write first, so the page comes from RocksDB alone and never mixes two commits' records (prefix reads
    /// are rare: the chain reads its records by key).
    /// </summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadRecords(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit)
    {
        CheckOpen();
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var pending = Volatile.Read(ref _pending);
        for (var i = pending.Length - 1; i >= 0; i--)
        {
            if (pending[i].HasRecordWith(prefix))
            {
                // Failed or not, afterwards RocksDB holds exactly the durable commits (a failed one's followers are dropped).
                ((IAsyncResult)pending[i].Durable.Task).AsyncWaitHandle.WaitOne();
                break;
            }
        }

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
        foreach (var commit in Volatile.Read(ref _pending))
        {
            if (commit.TryGetCode(codeHash, out var written))
            {
                code = written;
                return true;
            }
        }

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

    /// <summary>
    /// A task that completes when every commit completed before the call is on disk (at once when the store does not
    /// write behind, or nothing waits); it faults with <see cref="StateStoreErrorKind.WriteFailed"/> when one of them
    /// could not be written.
    /// </summary>
    public Task WhenDurable()
    {
        var pending = Volatile.Read(ref _pending);
        if (pending.Length > 0) return pending[^1].Durable.Task;
        return _fault is { } fault ? Task.FromException(fault) : Task.CompletedTask;
    }

    /// <summary>
    /// Waits until every commit completed before the call is on disk. Throws <see cref="StateStoreErrorKind.WriteFailed"/>
    /// when a write failed: the store keeps the last durable commit and takes no more writes.
    /// </summary>
    public void Flush()
    {
        CheckOpen();
        ((IAsyncResult)WhenDurable()).AsyncWaitHandle.WaitOne();
        if (_fault is not null) throw ReportFault();
    }

    /// <summary>
    /// Waits for every pending write, flushes every column family to table files and closes, so the next open has no
    /// log to replay. Throws <see cref="StateStoreErrorKind.WriteFailed"/> (after closing) when a write behind failed
    /// and no commit or flush reported it yet: a failure is never lost silently.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (_writer is not null)
        {
            lock (_commitLock)
            {
                _stopping = true;
                Monitor.PulseAll(_commitLock);
            }

            _writer.Join();
        }

        _disposed = true;
        try
        {
            // After a failed write RocksDB refuses writes, flushes included; the log it has is replayed on the next open.
            if (_fault is null)
            {
                var flush = new FlushOptions().SetWaitForFlush(true);
                var handles = new[] { _nodes.Handle, _code.Handle, _records.Handle, _metadata.Handle };
                Native.Instance.rocksdb_flush_cfs(_db.Handle, flush.Handle, handles, handles.Length);
            }
        }
        finally
        {
            _db.Dispose();
        }

        bool unreported;
        lock (_commitLock)
        {
            unreported = _fault is not null && !_faultReported;
        }

        if (unreported) throw ReportFault();
    }

    /// <summary>A test's hook: runs on the writing thread before each synced write (to hold writes back or make one fail).</summary>
    internal Action<long>? BeforeWrite { get; set; }

    private void StartWriter()
    {
        if (!_writeBehind)
        {
            return;
        }

        // A background thread: a process that exits without closing the store loses only what was never promised durable.
        _writer = new Thread(WriteBehindLoop) { IsBackground = true, Name = "RocksDbStateStore writer" };
        _writer.Start();
    }

    private bool TryGetPendingNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        foreach (var commit in Volatile.Read(ref _pending))
        {
            if (commit.TryGetNode(hash, out encoding)) return true;
        }

        encoding = default;
        return false;
    }

    /// <summary>
    /// Applies a completed batch: written and synced here, or queued for the writer and readable at once. The head
    /// a batch names must be a root the store holds (committed, pending, or this batch's own).
    /// </summary>
    private void Apply(PendingCommit commit, Hash256? lastNode)
    {
        lock (_commitLock)
        {
            if (_fault is not null) throw ReportFault();
            if (commit.Head is { } head && lastNode != head && !ContainsRoot(head))
            {
                // The head may name the root this batch commits: written last, in the batch, not yet in the store.
                throw StateStoreErrors.UnknownRoot(head);
            }

            if (!_writeBehind)
            {
                Write(commit);
                if (commit.Head is { } newHead)
                {
                    _head = new HeadRoot(newHead);
                    _durableHead = newHead;
                }

                CacheBranches(commit);
                return;
            }

            // A bounded queue: when the disk falls behind, committing waits instead of holding ever more blocks in memory.
            while (_pending.Length >= _maxPendingCommits && _fault is null && !_stopping)
            {
                Monitor.Wait(_commitLock);
            }

            if (_fault is not null) throw ReportFault();
            ObjectDisposedException.ThrowIf(_stopping, this);
            _pending = [.. _pending, commit];
            if (commit.Head is { } pendingHead)
            {
                _head = new HeadRoot(pendingHead);
            }

            Monitor.PulseAll(_commitLock);
        }
    }

    /// <summary>The writer: writes the pending commits one at a time, in order, each in one synced batch.</summary>
    private void WriteBehindLoop()
    {
        while (true)
        {
            PendingCommit commit;
            lock (_commitLock)
            {
                while (_pending.Length == 0 && !_stopping)
                {
                    Monitor.Wait(_commitLock);
                }

                if (_pending.Length == 0)
                {
                    return;
                }

                commit = _pending[0];
            }

            try
            {
                BeforeWrite?.Invoke(commit.Sequence);
                Write(commit);
            }
            catch (Exception e)
            {
                Fail(commit, e);
                return;
            }

            CacheBranches(commit);
            lock (_commitLock)
            {
                _pending = _pending[1..];
                if (commit.Head is { } head)
                {
                    _durableHead = head;
                }

                Monitor.PulseAll(_commitLock);
            }

            commit.Durable.TrySetResult();
        }
    }

    /// <summary>
    /// A write failed: it and every commit queued after it (built on its state) are dropped, readers and the head go
    /// back to the last durable commit, and the store takes no more writes; every later commit or flush reports it.
    /// </summary>
    private void Fail(PendingCommit commit, Exception error)
    {
        PendingCommit[] dropped;
        StateStoreException fault;
        lock (_commitLock)
        {
            dropped = _pending;
            fault = new StateStoreException(
                StateStoreErrorKind.WriteFailed,
                $"{Path}: commit {commit.Sequence} could not be written ({error.Message}); it and the {dropped.Length - 1} commit(s) after it " +
                $"are not on disk, the durable head is {_durableHead}, and the store takes no more writes: reopen it.",
                error);
            _fault = fault;
            _pending = [];
            _head = new HeadRoot(_durableHead);
            Monitor.PulseAll(_commitLock);
        }

        foreach (var lost in dropped)
        {
            lost.Durable.TrySetException(fault);
        }
    }

    /// <summary>The store's write failure, as an exception to throw now; counts as reported to the caller.</summary>
    private StateStoreException ReportFault()
    {
        var fault = _fault!;
        lock (_commitLock)
        {
            _faultReported = true;
        }

        return new StateStoreException(StateStoreErrorKind.WriteFailed, fault.Message, fault.InnerException);
    }

    /// <summary>
    /// Branches and extensions only: the upper levels are what the next blocks read again, while a written leaf is
    /// read again only when its own slot changes again (leaves are ~70% of the nodes).
    /// </summary>
    private void CacheBranches(PendingCommit commit)
    {
        foreach (var entry in commit.Order)
        {
            var chunk = commit.Chunks[(int)(entry >> 32)];
            var offset = (int)entry;
            var encoding = PendingCommit.EncodingAt(chunk, offset);
            if (!TrieNodeCodec.IsLeaf(encoding.Span))
            {
                _nodeCache.Add(new Hash256(chunk.AsSpan(offset, Hash256.Length)), encoding);
            }
        }
    }

    /// <summary>One native batch, reserved at its full size up front, written synced; the chunks are pinned, so their addresses are stable.</summary>
    private unsafe void Write(PendingCommit commit)
    {
        // Bytes RocksDB's batch format spends per put besides key and value: tag, family id, two varint lengths.
        const int PutOverheadBytes = 16;
        var reserved = commit.NodeBytes + commit.Order.Length * (long)PutOverheadBytes + 4096;
        foreach (var write in commit.Writes) reserved += write.Key.Length + (write.Value?.Length ?? 0) + PutOverheadBytes;
        var native = Native.Instance;
        var batch = native.rocksdb_writebatch_create_with_params((nuint)reserved, 0, 0, 0);
        try
        {
            var nodes = _nodes.Handle;
            foreach (var entry in commit.Order)
            {
                fixed (byte* chunk = commit.Chunks[(int)(entry >> 32)])
                {
                    var node = chunk + (int)entry;
                    var length = BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(node + Hash256.Length, sizeof(int)));
                    native.rocksdb_writebatch_put_cf(batch, nodes, node, Hash256.Length, node + NodeChunks.HeaderBytes, (nuint)length);
                }
            }

            foreach (var (isCode, key, value) in commit.Writes)
            {
                var family = isCode ? _code.Handle : _records.Handle;
                fixed (byte* keyBytes = key)
                fixed (byte* valueBytes = value)
                {
                    if (value is null) native.rocksdb_writebatch_delete_cf(batch, family, keyBytes, (nuint)key.Length);
                    else native.rocksdb_writebatch_put_cf(batch, family, keyBytes, (nuint)key.Length, valueBytes, (nuint)value.Length);
                }
            }

            if (commit.Head is { } head)
            {
                Span<byte> record = stackalloc byte[Hash256.Length];
                head.CopyTo(record);
                fixed (byte* headKey = HeadKey)
                fixed (byte* headValue = record)
                {
                    native.rocksdb_writebatch_put_cf(batch, _metadata.Handle, headKey, (nuint)HeadKey.Length, headValue, Hash256.Length);
                }
            }

            native.rocksdb_write(_db.Handle, _syncedWrites.Handle, batch, out var error);
            if (error != IntPtr.Zero)
            {
                var message = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(error);
                native.rocksdb_free(error);
                throw new StateStoreException(StateStoreErrorKind.Io, $"{Path}: writing a commit failed: {message}");
            }
        }
        finally
        {
            native.rocksdb_writebatch_destroy(batch);
        }
    }

    /// <summary>The head root, boxed so that readers see a whole one without a lock.</summary>
    private sealed record HeadRoot(Hash256 Root);

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

        _head = new HeadRoot(new Hash256(head));
        _durableHead = Head;
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
    /// The same sorted order lets a commit waiting for its write be searched by hash (<see cref="PendingCommit"/>).
    /// Afterwards the node cache keeps the nodes as slices of those same chunks.
    /// </summary>
    private sealed class Batch(RocksDbStateStore store) : IStateCommitBatch
    {
        private readonly NodeChunks _nodes = new(pinned: true);
        private readonly List<NodeChunks> _workerNodes = [];

        // Code and records, in the order they were written (a record put and deleted in one batch ends deleted).
        private readonly List<PendingCommit.Write> _writes = [];
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
            _writes.Add(new PendingCommit.Write(IsCode: true, key, code.ToArray()));
        }

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _writes.Add(new PendingCommit.Write(IsCode: false, key.ToArray(), value.ToArray()));

        public void Delete(ReadOnlySpan<byte> key) => _writes.Add(new PendingCommit.Write(IsCode: false, key.ToArray(), null));

        public void SetHead(in Hash256 root) => _head = root;

        public void Complete()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            store.CheckOpen();
            var sinks = new List<NodeChunks>(_workerNodes.Count + 1) { _nodes };
            sinks.AddRange(_workerNodes);
            var (chunks, keys, order, nodeBytes) = SortedNodes(sinks);
            var sequence = Interlocked.Increment(ref store._lastSequence);
            store.Apply(new PendingCommit(sequence, chunks, keys, order, nodeBytes, _writes, _head, indexed: store._writeBehind), _lastNode);
            _done = true;
        }

        /// <summary>
        /// Every node of every sink as (chunk index &lt;&lt; 32 | offset of its hash), ordered by the hash's first eight
        /// bytes (the order RocksDB's bytewise comparator gives up to ties, which are rare and harmless), with those
        /// first eight bytes in the same order.
        /// </summary>
        private static (byte[][] Chunks, ulong[] Keys, long[] Order, long NodeBytes) SortedNodes(List<NodeChunks> sinks)
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
            return (chunks, keys, order, nodeBytes);
        }

        public void Dispose() => _done = true;
    }
}
