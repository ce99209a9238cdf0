using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>Receives every node a commit hashed, keyed by its hash; the span is only valid during the call.</summary>
public interface ITrieNodeSink
{
    void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding);

    /// <summary>
    /// A sink one parallel worker fills from its own thread, whose nodes then count as this sink's (written when
    /// this one is); null when the sink takes nodes from one thread only, and a worker buffers its nodes for the
    /// caller to hand over afterwards. Sinks are otherwise single-threaded.
    /// </summary>
    ITrieNodeSink? CreateWorkerSink() => null;
}
