using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>Where committed trie nodes are read back from, by hash.</summary>
public interface ITrieNodeSource
{
    bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding);

    /// <summary>
    /// Whether reading many nodes in one <see cref="GetNodes"/> call is much cheaper than reading them one by one
    /// (a disk store batches the lookups): then a walk that knows a whole level of nodes it will need reads them
    /// ahead in one call.
    /// </summary>
    bool BatchesReads => false;

    /// <summary>
    /// Reads many nodes at once: <paramref name="encodings"/>[i] becomes the encoding of <paramref name="hashes"/>[i],
    /// or stays empty when no such node is stored.
    /// </summary>
    void GetNodes(ReadOnlySpan<Hash256> hashes, Span<ReadOnlyMemory<byte>> encodings)
    {
        for (var i = 0; i < hashes.Length; i++)
        {
            encodings[i] = TryGetNode(hashes[i], out var encoding) ? encoding : default;
        }
    }
}
