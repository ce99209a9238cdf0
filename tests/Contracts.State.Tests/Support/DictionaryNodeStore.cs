using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Tests.Support;

/// <summary>The simplest node store: a dictionary of copies, for trie tests that need commit and reload.</summary>
internal sealed class DictionaryNodeStore : ITrieNodeSource, ITrieNodeSink
{
    public Dictionary<Hash256, byte[]> Nodes { get; } = [];

    public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding) => Nodes[hash] = encoding.ToArray();

    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        var found = Nodes.TryGetValue(hash, out var bytes);
        encoding = bytes;
        return found;
    }
}
