using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>A state store that lives and dies with the process: for tests and tools, same contract as the durable one.</summary>
public sealed class MemoryStateStore : IStateStore
{
    // Node encodings live in large chunks (see NodeChunks); the index says where.
    private readonly NodeIndex _nodes = new();
    private readonly List<byte[]> _nodeChunks = [];
    private readonly Dictionary<Hash256, byte[]> _code = [];
    private readonly Dictionary<ArtifactKey, byte[]> _artifacts = [];
    private readonly Dictionary<byte[], byte[]> _records = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _recordsBySpan;

    // Readers take the read lock, a completing batch the write lock: a commit is seen whole or not at all.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Sorted only when someone iterates after a change: commits stay O(changes).
    private byte[][]? _sortedRecordKeys;
    private Hash256 _head = Hash256.EmptyTrieRoot;
    private long _nodeBytes;

    public MemoryStateStore()
    {
        _recordsBySpan = _records.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public Hash256 Head
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _head;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void SetHead(in Hash256 root)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!ContainsRootUnlocked(root))
            {
                throw StateStoreErrors.UnknownRoot(root);
            }

            _head = root;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool ContainsRoot(in Hash256 root)
    {
        _lock.EnterReadLock();
        try
        {
            return ContainsRootUnlocked(root);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_nodes.TryGet(hash, _nodeChunks, out var chunk, out var offset))
            {
                encoding = default;
                return false;
            }

            encoding = NodeChunks.Read(_nodeChunks[chunk], offset);
            return true;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public bool TryGetCode(in Hash256 codeHash, out ReadOnlyMemory<byte> code) => TryGet(_code, codeHash, out code);

    public bool TryGetRecord(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value)
    {
        _lock.EnterReadLock();
        try
        {
            var found = _recordsBySpan.TryGetValue(key, out var bytes);
            value = bytes;
            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadRecords(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<KeyValuePair<byte[], byte[]>>();
        _lock.EnterUpgradeableReadLock();
        try
        {
            var keys = _sortedRecordKeys;
            if (keys is null)
            {
                keys = _records.Keys.ToArray();
                Array.Sort(keys, ByteArrayComparer.Instance);
                _lock.EnterWriteLock();
                _sortedRecordKeys = keys;
                _lock.ExitWriteLock();
            }

            var start = startAt.SequenceCompareTo(prefix) > 0 ? startAt : prefix;
            var low = 0;
            var high = keys.Length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (keys[middle].AsSpan().SequenceCompareTo(start) < 0) low = middle + 1;
                else high = middle;
            }

            for (var i = low; i < keys.Length && result.Count < limit && keys[i].AsSpan().StartsWith(prefix); i++)
            {
                result.Add(new KeyValuePair<byte[], byte[]>(keys[i], _records[keys[i]]));
            }
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }

        return result;
    }

    public bool TryGetArtifact(in ArtifactKey key, out ReadOnlyMemory<byte> artifact) => TryGet(_artifacts, key, out artifact);

    public void PutArtifact(in ArtifactKey key, ReadOnlySpan<byte> artifact)
    {
        var copy = artifact.ToArray();
        _lock.EnterWriteLock();
        try
        {
            _artifacts[key] = copy;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public IStateCommitBatch BeginCommit() => new Batch(this);

    /// <summary>Complete: nothing here is ever written to disk, and nothing is pending.</summary>
    public Task WhenDurable() => Task.CompletedTask;

    /// <summary>Returns at once: see <see cref="WhenDurable"/>.</summary>
    public void Flush()
    {
    }

    /// <summary>Bytes of node data held (hash, length and encoding of every stored node), the index not counted.</summary>
    internal long NodeDataBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _nodeBytes;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Dispose()
    {
    }

    private bool ContainsRootUnlocked(in Hash256 root) => root == Hash256.EmptyTrieRoot || _nodes.TryGet(root, _nodeChunks, out _, out _);

    private bool TryGet<TKey>(Dictionary<TKey, byte[]> map, TKey key, out ReadOnlyMemory<byte> value)
        where TKey : notnull
    {
        _lock.EnterReadLock();
        try
        {
            var found = map.TryGetValue(key, out var bytes);
            value = bytes;
            return found;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Collects a commit's writes and applies them in one step under the store's write lock.</summary>
    private sealed class Batch(MemoryStateStore store) : IStateCommitBatch
    {
        private readonly NodeChunks _nodes = new();
        private readonly List<NodeChunks> _workerNodes = [];
        private readonly List<(Hash256 Hash, byte[] Code)> _code = [];
        private readonly List<(byte[] Key, byte[]? Value)> _records = [];
        private Hash256? _head;
        private bool _done;

        public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding) => _nodes.PutNode(hash, encoding);

        /// <summary>Each parallel merge worker packs its nodes into chunks of its own; the store adopts them all on completion.</summary>
        public ITrieNodeSink CreateWorkerSink()
        {
            var nodes = new NodeChunks();
            lock (_workerNodes)
            {
                _workerNodes.Add(nodes);
            }

            return nodes;
        }

        public void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code) => _code.Add((codeHash, code.ToArray()));

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _records.Add((key.ToArray(), value.ToArray()));

        public void Delete(ReadOnlySpan<byte> key) => _records.Add((key.ToArray(), null));

        public void SetHead(in Hash256 root) => _head = root;

        public void Complete()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            store._lock.EnterWriteLock();
            try
            {
                // Nodes first (content-addressed: unreferenced ones are harmless), so a head naming this batch's root is found.
                store._nodeBytes += _nodes.MoveInto(store._nodes, store._nodeChunks);
                foreach (var nodes in _workerNodes)
                {
                    store._nodeBytes += nodes.MoveInto(store._nodes, store._nodeChunks);
                }

                if (_head is { } head && !store.ContainsRootUnlocked(head))
                {
                    throw StateStoreErrors.UnknownRoot(head);
                }

                foreach (var (hash, code) in _code) store._code[hash] = code;
                foreach (var (key, value) in _records)
                {
                    if (value is null) store._records.Remove(key);
                    else store._records[key] = value;
                }

                if (_records.Count > 0)
                {
                    store._sortedRecordKeys = null;
                }

                if (_head is { } newHead)
                {
                    store._head = newHead;
                }
            }
            finally
            {
                store._lock.ExitWriteLock();
            }

            _done = true;
        }

        public void Dispose() => _done = true;
    }
}
