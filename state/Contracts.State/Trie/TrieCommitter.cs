using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>
/// Hashes the changed nodes of one or more tries bottom-up, level by level: every node of a level is encoded
/// (its children, one level down, are done), then the level's hashes are computed in chunks through the
/// multi-lane Keccak, several independent nodes per permutation. Encodings live in one reused buffer and go to
/// the sink chunk by chunk, so a commit holds at most one chunk of encodings at a time.
/// </summary>
internal sealed class TrieCommitter
{
    private const int ChunkNodes = 64;
    private const int InitialBufferBytes = 64 * 1024;

    private readonly List<List<TrieNode>> _levels = [];
    private readonly int _lanes;
    private readonly TrieNode?[] _chunkNodes = new TrieNode?[ChunkNodes];
    private readonly int[] _starts = new int[ChunkNodes];
    private readonly int[] _lengths = new int[ChunkNodes];
    private readonly Hash256[] _hashes = new Hash256[ChunkNodes];
    private readonly List<Hash256> _rootHashes = [];
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _bufferUsed;
    private int _chunkCount;
    private int _rootCount;
    private int _deepestLevel = -1;
    private bool _marksPersisted;

    public TrieCommitter(int lanes = 0)
    {
        _lanes = lanes == 0 ? Keccak256.PreferredLanes : lanes;
    }

    /// <summary>Registers a trie's root; returns the index under which <see cref="RootHash"/> gives its hash after <see cref="Run"/>.</summary>
    public int AddRoot(TrieNode root)
    {
        if (_rootHashes.Count > 0)
        {
            throw new InvalidOperationException("Roots must all be added before the committer runs.");
        }

        Collect(root, 0);
        return _rootCount++;
    }

    /// <summary>
    /// Hashes every collected node, hands hashed nodes (and all roots) to <paramref name="sink"/> when given.
    /// Nodes count as stored afterwards when <paramref name="stores"/> (by default: when there is a sink); a sink
    /// that only keeps them for a later commit passes false, so a later run still collects them.
    /// </summary>
    public void Run(ITrieNodeSink? sink, bool? stores = null)
    {
        _marksPersisted = stores ?? sink is not null;
        for (var level = _deepestLevel; level >= 0; level--)
        {
            var nodes = _levels[level];
            foreach (var node in nodes)
            {
                EncodeInto(node, isRoot: level == 0, sink);
            }

            Flush(level == 0, sink);
            nodes.Clear();
        }

        _deepestLevel = -1;
    }

    public Hash256 RootHash(int index) => _rootHashes[index];

    /// <summary>Forgets the last run's roots so the committer can be used again.</summary>
    public void Reset()
    {
        _rootHashes.Clear();
        _rootCount = 0;
    }

    private void Collect(TrieNode node, int level)
    {
        if (!node.IsDirty && node.IsPersisted)
        {
            return;
        }

        while (_levels.Count <= level)
        {
            _levels.Add([]);
        }

        _levels[level].Add(node);
        _deepestLevel = Math.Max(_deepestLevel, level);
        switch (node)
        {
            case ExtensionNode extension:
                Collect(extension.Child, level + 1);
                break;
            case BranchNode branch:
                for (var i = 0; i < 16; i++)
                {
                    if (branch.Children[i] is { } child)
                    {
                        Collect(child, level + 1);
                    }
                }

                break;
        }
    }

    private void EncodeInto(TrieNode node, bool isRoot, ITrieNodeSink? sink)
    {
        var length = TrieNodeCodec.EncodedLength(node);
        if (_bufferUsed + length > _buffer.Length || _chunkCount == ChunkNodes)
        {
            Flush(isRoot, sink);
            if (length > _buffer.Length)
            {
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            }
        }

        var encoding = _buffer.AsSpan(_bufferUsed, length);
        TrieNodeCodec.Encode(node, encoding);
        if (length < Hash256.Length && !isRoot)
        {
            // Embedded in the parent, never stored on its own.
            node.ReferenceKind = NodeReferenceKind.Inline;
            node.InlineEncoding = encoding.ToArray();
            node.IsPersisted = _marksPersisted;
            return;
        }

        _chunkNodes[_chunkCount] = node;
        _starts[_chunkCount] = _bufferUsed;
        _lengths[_chunkCount] = length;
        _chunkCount++;
        _bufferUsed += length;
    }

    private void Flush(bool isRootLevel, ITrieNodeSink? sink)
    {
        if (_chunkCount > 0)
        {
            Keccak256.ComputeBatch(
                _buffer, _starts.AsSpan(0, _chunkCount), _lengths.AsSpan(0, _chunkCount), _hashes.AsSpan(0, _chunkCount), _lanes);
            for (var i = 0; i < _chunkCount; i++)
            {
                var node = _chunkNodes[i]!;
                var encoding = _buffer.AsSpan(_starts[i], _lengths[i]);
                sink?.PutNode(_hashes[i], encoding);
                if (isRootLevel)
                {
                    _rootHashes.Add(_hashes[i]);
                }

                if (encoding.Length < Hash256.Length)
                {
                    // A short root: hashed for the root hash, yet still inline should it ever become a child.
                    node.ReferenceKind = NodeReferenceKind.Inline;
                    node.InlineEncoding = encoding.ToArray();
                }
                else
                {
                    node.ReferenceKind = NodeReferenceKind.Hash;
                    node.Hash = _hashes[i];
                }

                node.IsPersisted = _marksPersisted;
                _chunkNodes[i] = null;
            }
        }

        _chunkCount = 0;
        _bufferUsed = 0;
    }
}
