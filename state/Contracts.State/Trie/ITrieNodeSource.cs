using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>Where committed trie nodes are read back from, by hash.</summary>
public interface ITrieNodeSource
{
    bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding);
}
