using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>A committed node not loaded yet: only its hash is known until a walk needs its contents.</summary>
internal sealed class HashedNode : TrieNode
{
    public HashedNode(Hash256 hash)
    {
        Hash = hash;
        ReferenceKind = NodeReferenceKind.Hash;

        // It names a node that is already stored, or it could not have been referenced by hash.
        IsPersisted = true;
    }
}
