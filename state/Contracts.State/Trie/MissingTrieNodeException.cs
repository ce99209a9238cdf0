using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>A walk reached a node that the store does not have: the root was never committed there, or the store lost it.</summary>
public sealed class MissingTrieNodeException(Hash256 hash)
    : InvalidOperationException($"Trie node {hash} is not in the store.")
{
    public Hash256 Hash { get; } = hash;
}
