using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>
/// A node of the in-memory trie. Nodes are mutated in place while a block's writes are applied; each change
/// marks the node dirty, and the next commit re-encodes and re-hashes exactly the dirty ones.
/// </summary>
internal abstract class TrieNode
{
    /// <summary>How the parent refers to this node: not yet known, by hash, or by embedding the encoding.</summary>
    public NodeReferenceKind ReferenceKind;

    /// <summary>Keccak-256 of the encoding when <see cref="ReferenceKind"/> is <see cref="NodeReferenceKind.Hash"/>.</summary>
    public Hash256 Hash;

    /// <summary>The whole encoding (under 32 bytes) when <see cref="ReferenceKind"/> is <see cref="NodeReferenceKind.Inline"/>.</summary>
    public byte[]? InlineEncoding;

    /// <summary>
    /// Whether the node (or the parent that embeds it) is already in the store. A root computed without a store
    /// leaves nodes hashed but unpersisted, and the next commit that has a store must still write them.
    /// </summary>
    public bool IsPersisted;

    public bool IsDirty => ReferenceKind == NodeReferenceKind.Unknown;

    public void MarkDirty()
    {
        ReferenceKind = NodeReferenceKind.Unknown;
        InlineEncoding = null;
        IsPersisted = false;
    }

    /// <summary>Length of this node's reference inside its parent's encoding.</summary>
    public int ReferenceLength => ReferenceKind == NodeReferenceKind.Inline ? InlineEncoding!.Length : 1 + Hash256.Length;
}
