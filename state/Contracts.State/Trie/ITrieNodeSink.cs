using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>Receives every node a commit hashed, keyed by its hash; the span is only valid during the call.</summary>
public interface ITrieNodeSink
{
    void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding);
}
