using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>
/// Ethereum's hexary Merkle Patricia trie over byte keys. Committed nodes are read lazily from an
/// <see cref="ITrieNodeSource"/>; changes stay in memory until <see cref="Commit"/> hashes them and hands them to a
/// sink. An empty value means "absent": setting one deletes the key.
/// </summary>
public sealed class PatriciaTrie
{
    /// <summary>
    /// Longest key accepted. The walks recurse once per node on a key's path, and a key of n bytes has at most
    /// 4n + 1 nodes on it, so this bounds the stack depth.
    /// </summary>
    public const int MaxKeyLength = 256;

    // Decoded nodes kept for reads; bounded so a long-lived view of a huge trie does not grow without end.
    private const int MaxCachedNodes = 1 << 16;

    private readonly ITrieNodeSource? _source;
    private Dictionary<Hash256, TrieNode>? _readCache;
    private TrieNode? _root;
    private Hash256 _rootHash;

    /// <summary>An empty trie, optionally able to read nodes committed earlier.</summary>
    public PatriciaTrie(ITrieNodeSource? source = null)
    {
        _source = source;
        _rootHash = Hash256.EmptyTrieRoot;
    }

    /// <summary>The trie committed under <paramref name="root"/>; nodes are read from <paramref name="source"/> as walks reach them.</summary>
    public PatriciaTrie(Hash256 root, ITrieNodeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _rootHash = root;
        _root = root == Hash256.EmptyTrieRoot ? null : new HashedNode(root);
    }

    internal TrieNode? Root => _root;

    /// <summary>True when changes were made since the root was last computed.</summary>
    public bool HasPendingChanges => _root is not null && _root.IsDirty;

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        return Get(NibblePath.FromKey(key.ToArray()));
    }

    internal byte[]? Get(NibblePath path)
    {
        TrieWalk.TryFind(_root, path, new CachingResolver(this), proof: null, out var value);
        return value;
    }

    /// <summary>Sets <paramref name="key"/> to a copy of <paramref name="value"/>; an empty value deletes the key.</summary>
    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        CheckKey(key);
        if (value.IsEmpty)
        {
            Delete(key);
            return;
        }

        SetOwned(key.ToArray(), value.ToArray());
    }

    /// <summary>Sets without copying: the trie keeps both arrays, which nobody may change afterwards.</summary>
    internal void SetOwned(byte[] key, byte[] value)
    {
        if (value.Length == 0)
        {
            Delete(key);
            return;
        }

        SetOwned(NibblePath.FromKey(key), value);
    }

    internal void SetOwned(NibblePath path, byte[] value)
    {
        var changed = false;
        _root = Insert(_root, path, value, ref changed);
    }

    /// <summary>Removes <paramref name="key"/>; returns whether it was present.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        return Delete(NibblePath.FromKey(key.ToArray()));
    }

    internal bool Delete(NibblePath path)
    {
        var removed = false;
        _root = Remove(_root, path, ref removed);
        return removed;
    }

    /// <summary>The root hash, hashing pending changes first (without storing them anywhere).</summary>
    public Hash256 RootHash
    {
        get
        {
            if (_root is not null && _root.IsDirty)
            {
                var committer = new TrieCommitter();
                var index = committer.AddRoot(_root);
                committer.Run(sink: null);
                _rootHash = committer.RootHash(index);
            }

            return _root is null ? Hash256.EmptyTrieRoot : _rootHash;
        }
    }

    /// <summary>Hashes pending changes and gives every new node (and the root) to <paramref name="sink"/>.</summary>
    public Hash256 Commit(ITrieNodeSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var committer = new TrieCommitter();
        if (CommitTo(committer) is { } index)
        {
            committer.Run(sink);
            CompleteCommit(committer, index);
        }

        return RootHash;
    }

    /// <summary>Adds this trie's unstored nodes to a shared commit; returns its root index there, or null if nothing is pending.</summary>
    internal int? CommitTo(TrieCommitter committer)
    {
        if (_root is null || (!_root.IsDirty && _root.IsPersisted))
        {
            return null;
        }

        return committer.AddRoot(_root);
    }

    internal void CompleteCommit(TrieCommitter committer, int index) => _rootHash = committer.RootHash(index);

    /// <summary>Drops every loaded node, keeping only the committed root: memory stays bounded between commits.</summary>
    internal void Unload()
    {
        if (HasPendingChanges || (_root is not null && !_root.IsPersisted))
        {
            throw new InvalidOperationException("Only a committed trie can be unloaded.");
        }

        if (_source is null)
        {
            throw new InvalidOperationException("A trie without a node source cannot reload what it unloads.");
        }

        _root = _root is null ? null : new HashedNode(_rootHash);
    }

    /// <summary>
    /// The nodes on <paramref name="key"/>'s path that a verifier needs: the root and every node referenced by
    /// hash (inline nodes travel inside their parents). Proves presence or absence.
    /// </summary>
    public IReadOnlyList<byte[]> GetProof(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        return GetProof(NibblePath.FromKey(key.ToArray()));
    }

    internal List<byte[]> GetProof(NibblePath path)
    {
        _ = RootHash;
        var proof = new List<byte[]>();
        TrieWalk.TryFind(_root, path, new CachingResolver(this), proof, out _);
        return proof;
    }

    /// <summary>
    /// Appends to <paramref name="results"/>, in byte order of the keys, up to <paramref name="limit"/> entries
    /// whose key starts with <paramref name="prefix"/> and is not below <paramref name="startAt"/>. Visits only
    /// the nodes on the way to the first match and those of the matches: O(depth + results) node visits.
    /// </summary>
    public void ReadRange(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit, List<KeyValuePair<byte[], byte[]>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0 || _root is null)
        {
            return;
        }

        var range = new RangeReader(this, prefix, startAt, limit, results);
        range.Visit(_root, 0);
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"Trie keys are at most {MaxKeyLength} bytes, got {key.Length}.", nameof(key));
        }
    }

    private TrieNode Resolve(TrieNode node)
    {
        if (node is not HashedNode hashed)
        {
            return node;
        }

        if (_source is null || !_source.TryGetNode(hashed.Hash, out var encoding))
        {
            throw new MissingTrieNodeException(hashed.Hash);
        }

        return TrieNodeCodec.DecodeStored(hashed.Hash, encoding.Span);
    }

    private TrieNode Insert(TrieNode? node, NibblePath path, byte[] value, ref bool changed)
    {
        if (node is null)
        {
            changed = true;
            return new LeafNode(path, value);
        }

        node = Resolve(node);
        switch (node)
        {
            case LeafNode leaf:
                return InsertIntoLeaf(leaf, path, value, ref changed);
            case ExtensionNode extension:
                return InsertIntoExtension(extension, path, value, ref changed);
            default:
                var branch = (BranchNode)node;
                if (path.Length == 0)
                {
                    if (branch.Value is not null && branch.Value.AsSpan().SequenceEqual(value))
                    {
                        return branch;
                    }

                    branch.Value = value;
                    changed = true;
                }
                else
                {
                    var nibble = path[0];
                    branch.Children[nibble] = Insert(branch.Children[nibble], path.Slice(1), value, ref changed);
                }

                if (changed)
                {
                    branch.MarkDirty();
                }

                return branch;
        }
    }

    private static TrieNode InsertIntoLeaf(LeafNode leaf, NibblePath path, byte[] value, ref bool changed)
    {
        var common = leaf.Path.CommonPrefixLength(path);
        if (common == leaf.Path.Length && common == path.Length)
        {
            if (!leaf.Value.AsSpan().SequenceEqual(value))
            {
                leaf.Value = value;
                leaf.MarkDirty();
                changed = true;
            }

            return leaf;
        }

        changed = true;
        var branch = new BranchNode();
        if (common == leaf.Path.Length)
        {
            branch.Value = leaf.Value;
        }
        else
        {
            var nibble = leaf.Path[common];
            leaf.Path = leaf.Path.Slice(common + 1);
            leaf.MarkDirty();
            branch.Children[nibble] = leaf;
        }

        if (common == path.Length)
        {
            branch.Value = value;
        }
        else
        {
            branch.Children[path[common]] = new LeafNode(path.Slice(common + 1), value);
        }

        return common == 0 ? branch : new ExtensionNode(path.Slice(0, common), branch);
    }

    private TrieNode InsertIntoExtension(ExtensionNode extension, NibblePath path, byte[] value, ref bool changed)
    {
        var common = extension.Path.CommonPrefixLength(path);
        if (common == extension.Path.Length)
        {
            extension.Child = Insert(extension.Child, path.Slice(common), value, ref changed);
            if (changed)
            {
                extension.MarkDirty();
            }

            return extension;
        }

        changed = true;
        var branch = new BranchNode();
        var extensionNibble = extension.Path[common];
        if (extension.Path.Length - common == 1)
        {
            branch.Children[extensionNibble] = extension.Child;
        }
        else
        {
            extension.Path = extension.Path.Slice(common + 1);
            extension.MarkDirty();
            branch.Children[extensionNibble] = extension;
        }

        if (common == path.Length)
        {
            branch.Value = value;
        }
        else
        {
            branch.Children[path[common]] = new LeafNode(path.Slice(common + 1), value);
        }

        return common == 0 ? branch : new ExtensionNode(path.Slice(0, common), branch);
    }

    private TrieNode? Remove(TrieNode? node, NibblePath path, ref bool removed)
    {
        if (node is null)
        {
            return null;
        }

        node = Resolve(node);
        switch (node)
        {
            case LeafNode leaf:
                if (!leaf.Path.SequenceEqual(path))
                {
                    return leaf;
                }

                removed = true;
                return null;

            case ExtensionNode extension:
            {
                if (path.Length < extension.Path.Length || path.CommonPrefixLength(extension.Path) != extension.Path.Length)
                {
                    return extension;
                }

                var child = Remove(extension.Child, path.Slice(extension.Path.Length), ref removed);
                if (!removed)
                {
                    return extension;
                }

                return child is null ? null : JoinUnder(extension.Path, -1, child, extension);
            }

            default:
            {
                var branch = (BranchNode)node;
                if (path.Length == 0)
                {
                    if (branch.Value is null)
                    {
                        return branch;
                    }

                    branch.Value = null;
                    removed = true;
                }
                else
                {
                    var nibble = path[0];
                    branch.Children[nibble] = Remove(branch.Children[nibble], path.Slice(1), ref removed);
                    if (!removed)
                    {
                        return branch;
                    }
                }

                return Normalize(branch);
            }
        }
    }

    /// <summary>A branch left with one child and no value, or a value and no child, is no longer a branch.</summary>
    private TrieNode? Normalize(BranchNode branch)
    {
        var onlyChild = -1;
        for (var i = 0; i < 16; i++)
        {
            if (branch.Children[i] is null)
            {
                continue;
            }

            if (onlyChild >= 0 || branch.Value is not null)
            {
                branch.MarkDirty();
                return branch;
            }

            onlyChild = i;
        }

        if (onlyChild < 0)
        {
            return branch.Value is null ? null : new LeafNode(NibblePath.Empty, branch.Value);
        }

        return JoinUnder(NibblePath.Empty, onlyChild, branch.Children[onlyChild]!, existing: null);
    }

    /// <summary>
    /// Puts <paramref name="child"/> under the nibbles <paramref name="prefix"/> (+ <paramref name="nibble"/>),
    /// merging with it when it is a leaf or an extension, as the canonical trie requires.
    /// </summary>
    private TrieNode JoinUnder(NibblePath prefix, int nibble, TrieNode child, ExtensionNode? existing)
    {
        child = Resolve(child);
        switch (child)
        {
            case LeafNode leaf:
                return new LeafNode(NibblePath.Concat(prefix, nibble, leaf.Path), leaf.Value);
            case ExtensionNode extension:
                return new ExtensionNode(NibblePath.Concat(prefix, nibble, extension.Path), extension.Child);
            default:
                if (existing is not null)
                {
                    existing.Child = child;
                    existing.MarkDirty();
                    return existing;
                }

                return new ExtensionNode(NibblePath.Concat(prefix, nibble, NibblePath.Empty), child);
        }
    }

    /// <summary>
    /// Resolves hashed nodes for walks that only read, remembering each decoded node so that repeated reads do
    /// not decode again. Cached nodes are never handed to the writing paths (which mutate nodes in place and
    /// decode their own copies).
    /// </summary>
    private readonly struct CachingResolver(PatriciaTrie trie) : ITrieNodeResolver
    {
        public TrieNode? Resolve(HashedNode node)
        {
            var cache = trie._readCache ??= [];
            if (cache.TryGetValue(node.Hash, out var cached))
            {
                return cached;
            }

            if (trie._source is null || !trie._source.TryGetNode(node.Hash, out var encoding))
            {
                throw new MissingTrieNodeException(node.Hash);
            }

            var decoded = TrieNodeCodec.DecodeStored(node.Hash, encoding.Span);
            if (cache.Count < MaxCachedNodes)
            {
                cache[node.Hash] = decoded;
            }

            return decoded;
        }
    }

    /// <summary>An in-order walk of the keys in [startAt, ∞) that start with a prefix, pruning every subtree outside.</summary>
    private sealed class RangeReader
    {
        private readonly PatriciaTrie _trie;
        private readonly byte[] _prefix;
        private readonly byte[] _start;
        private readonly int _limit;
        private readonly List<KeyValuePair<byte[], byte[]>> _results;
        private readonly byte[] _path = new byte[2 * MaxKeyLength + 2];

        public RangeReader(PatriciaTrie trie, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit, List<KeyValuePair<byte[], byte[]>> results)
        {
            _trie = trie;
            _prefix = ToNibbles(prefix);
            _start = ToNibbles(startAt);
            _limit = limit;
            _results = results;
        }

        /// <summary>Visits <paramref name="node"/>, whose keys all begin with the first <paramref name="depth"/> nibbles of the path buffer.</summary>
        public void Visit(TrieNode node, int depth)
        {
            if (_results.Count >= _limit || !MayContainMatches(depth))
            {
                return;
            }

            if (node is HashedNode hashed)
            {
                node = new CachingResolver(_trie).Resolve(hashed)!;
            }

            switch (node)
            {
                case LeafNode leaf:
                    var end = Append(depth, leaf.Path);
                    Emit(end, leaf.Value);
                    break;
                case ExtensionNode extension:
                    Visit(extension.Child, Append(depth, extension.Path));
                    break;
                case BranchNode branch:
                    if (branch.Value is not null)
                    {
                        Emit(depth, branch.Value);
                    }

                    for (var i = 0; i < 16 && _results.Count < _limit; i++)
                    {
                        if (branch.Children[i] is { } child)
                        {
                            _path[depth] = (byte)i;
                            Visit(child, depth + 1);
                        }
                    }

                    break;
            }
        }

        private int Append(int depth, NibblePath path)
        {
            for (var i = 0; i < path.Length; i++)
            {
                _path[depth + i] = (byte)path[i];
            }

            return depth + path.Length;
        }

        /// <summary>Whether some key beginning with the first <paramref name="depth"/> nibbles can match.</summary>
        private bool MayContainMatches(int depth)
        {
            var path = _path.AsSpan(0, depth);
            var common = Math.Min(depth, _prefix.Length);
            if (!path[..common].SequenceEqual(_prefix.AsSpan(0, common)))
            {
                return false;
            }

            // Below the start unless the start continues this path or the path is already past it.
            var startCommon = Math.Min(depth, _start.Length);
            return path[..startCommon].SequenceCompareTo(_start.AsSpan(0, startCommon)) >= 0;
        }

        private void Emit(int length, byte[] value)
        {
            if ((length & 1) != 0 || _results.Count >= _limit)
            {
                return;
            }

            var path = _path.AsSpan(0, length);
            if (!path.StartsWith(_prefix) || path.SequenceCompareTo(_start) < 0)
            {
                return;
            }

            var key = new byte[length / 2];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = (byte)((path[2 * i] << 4) | path[2 * i + 1]);
            }

            _results.Add(new KeyValuePair<byte[], byte[]>(key, value));
        }

        private static byte[] ToNibbles(ReadOnlySpan<byte> bytes)
        {
            var nibbles = new byte[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                nibbles[2 * i] = (byte)(bytes[i] >> 4);
                nibbles[2 * i + 1] = (byte)(bytes[i] & 0x0f);
            }

            return nibbles;
        }
    }
}
