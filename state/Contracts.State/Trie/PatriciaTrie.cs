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

    private readonly ITrieNodeSource? _source;
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
        var node = _root;
        while (node is not null)
        {
            node = Resolve(node);
            switch (node)
            {
                case LeafNode leaf:
                    return leaf.Path.SequenceEqual(path) ? leaf.Value : null;
                case ExtensionNode extension:
                    if (path.Length < extension.Path.Length || path.CommonPrefixLength(extension.Path) != extension.Path.Length)
                    {
                        return null;
                    }

                    path = path.Slice(extension.Path.Length);
                    node = extension.Child;
                    break;
                case BranchNode branch:
                    if (path.Length == 0)
                    {
                        return branch.Value;
                    }

                    node = branch.Children[path[0]];
                    path = path.Slice(1);
                    break;
            }
        }

        return null;
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
        _ = RootHash;
        var proof = new List<byte[]>();
        var path = NibblePath.FromKey(key.ToArray());
        var node = _root;
        var isRoot = true;
        while (node is not null)
        {
            node = Resolve(node);
            if (isRoot || node.ReferenceKind == NodeReferenceKind.Hash)
            {
                var encoding = new byte[TrieNodeCodec.EncodedLength(node)];
                TrieNodeCodec.Encode(node, encoding);
                proof.Add(encoding);
            }

            isRoot = false;
            switch (node)
            {
                case LeafNode:
                    return proof;
                case ExtensionNode extension:
                    if (path.Length < extension.Path.Length || path.CommonPrefixLength(extension.Path) != extension.Path.Length)
                    {
                        return proof;
                    }

                    path = path.Slice(extension.Path.Length);
                    node = extension.Child;
                    break;
                case BranchNode branch:
                    if (path.Length == 0)
                    {
                        return proof;
                    }

                    node = branch.Children[path[0]];
                    path = path.Slice(1);
                    break;
            }
        }

        return proof;
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
}
