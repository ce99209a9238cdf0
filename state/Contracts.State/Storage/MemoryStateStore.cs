using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>A state store that lives and dies with the process: for tests and tools, same contract as the durable one.</summary>
public sealed class MemoryStateStore : IStateStore
{
    // Node encodings live in large chunks (see NodeChunks); the index says where.
    private readonly Dictionary<Hash256, (int Chunk, int Offset)> _nodes = [];
    private readonly List<byte[]> _nodeChunks = [];
    private readonly Dictionary<Hash256, byte[]> _code = [];
    private readonly Dictionary<ArtifactKey, byte[]> _artifacts = [];
    private readonly Dictionary<Address, byte[]> _accounts = [];
    private readonly Dictionary<byte[], byte[]> _storage = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> _storageBySpan;
    private readonly object _commitLock = new();

    // Sorted only when someone iterates after a change: commits stay O(changes).
    private byte[][]? _sortedStorageKeys;

    public MemoryStateStore()
    {
        _storageBySpan = _storage.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public StateHead Head { get; private set; } = StateHead.Genesis;

    public bool ContainsRoot(in Hash256 root) => root == Hash256.EmptyTrieRoot || _nodes.ContainsKey(root);

    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        if (!_nodes.TryGetValue(hash, out var location))
        {
            encoding = default;
            return false;
        }

        encoding = NodeChunks.Read(_nodeChunks[location.Chunk], location.Offset);
        return true;
    }

    public bool TryGetAccount(in Address address, out ReadOnlyMemory<byte> encodedAccount) =>
        TryGet(_accounts, address, out encodedAccount);

    public bool TryGetStorage(ReadOnlySpan<byte> flatKey, out ReadOnlyMemory<byte> value)
    {
        var found = _storageBySpan.TryGetValue(flatKey, out var bytes);
        value = bytes;
        return found;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> IterateStorage(byte[] prefix, byte[] from)
    {
        var keys = _sortedStorageKeys ??= SortedKeys();
        var start = from.AsSpan().SequenceCompareTo(prefix) > 0 ? from : prefix;
        var index = Array.BinarySearch(keys, start, ByteArrayComparer.Instance);
        for (var i = index >= 0 ? index : ~index; i < keys.Length && keys[i].AsSpan().StartsWith(prefix); i++)
        {
            yield return new KeyValuePair<byte[], byte[]>(keys[i], _storage[keys[i]]);
        }
    }

    public IEnumerable<KeyValuePair<Address, byte[]>> IterateAccounts() =>
        _accounts.OrderBy(a => a.Key).ToList();

    public bool TryGetCode(in Hash256 codeHash, out ReadOnlyMemory<byte> code) => TryGet(_code, codeHash, out code);

    public bool TryGetArtifact(in ArtifactKey key, out ReadOnlyMemory<byte> artifact) => TryGet(_artifacts, key, out artifact);

    public void PutArtifact(in ArtifactKey key, ReadOnlySpan<byte> artifact) => _artifacts[key] = artifact.ToArray();

    public IStateCommitBatch BeginCommit() => new Batch(this);

    public void Dispose()
    {
    }

    private byte[][] SortedKeys()
    {
        var keys = _storage.Keys.ToArray();
        Array.Sort(keys, ByteArrayComparer.Instance);
        return keys;
    }

    private static bool TryGet<TKey>(Dictionary<TKey, byte[]> map, TKey key, out ReadOnlyMemory<byte> value)
        where TKey : notnull
    {
        var found = map.TryGetValue(key, out var bytes);
        value = bytes;
        return found;
    }

    /// <summary>Collects a commit's writes and applies them in one step under the store's lock.</summary>
    private sealed class Batch(MemoryStateStore store) : IStateCommitBatch
    {
        private readonly NodeChunks _nodes = new();
        private readonly List<(Hash256 Hash, byte[] Code)> _code = [];
        private readonly List<(Address Address, byte[] Encoded)> _accounts = [];
        private readonly List<(byte[] Key, byte[]? Value)> _storage = [];
        private bool _done;

        public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding) => _nodes.Append(hash, encoding);

        public void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code) => _code.Add((codeHash, code.ToArray()));

        public void PutAccount(in Address address, ReadOnlySpan<byte> encodedAccount) =>
            _accounts.Add((address, encodedAccount.ToArray()));

        public void PutStorage(byte[] flatKey, byte[] value) => _storage.Add((flatKey, value));

        public void DeleteStorage(byte[] flatKey) => _storage.Add((flatKey, null));

        public void Complete(StateHead parent, Hash256 root)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            lock (store._commitLock)
            {
                if (store.Head != parent)
                {
                    throw new StateStoreException(
                        StateStoreErrorKind.StaleCommit,
                        $"Commit was built on {parent.Root} (#{parent.Sequence}) but the head is {store.Head.Root} (#{store.Head.Sequence}).");
                }

                _nodes.MoveInto(store._nodes, store._nodeChunks);
                foreach (var (hash, code) in _code) store._code[hash] = code;
                foreach (var (address, encoded) in _accounts) store._accounts[address] = encoded;
                store._storage.EnsureCapacity(store._storage.Count + _storage.Count);
                foreach (var (key, value) in _storage)
                {
                    if (value is null) store._storage.Remove(key);
                    else store._storage[key] = value;
                }

                if (_storage.Count > 0)
                {
                    store._sortedStorageKeys = null;
                }

                store.Head = new StateHead(root, parent.Sequence + 1);
            }

            _done = true;
        }

        public void Dispose() => _done = true;
    }
}
