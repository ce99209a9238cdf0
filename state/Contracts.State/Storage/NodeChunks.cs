using System.Buffers.Binary;
using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>
/// Trie nodes of one commit, packed one after another (hash, length, encoding) into a few large arrays instead of
/// one small array per node; on completion the in-memory store adopts the arrays and indexes them, and the RocksDB
/// store (which asks for pinned arrays, <paramref name="pinned"/>) writes them into its batch from where they lie.
/// </summary>
internal sealed class NodeChunks(bool pinned = false) : ITrieNodeSink
{
    private const int FirstChunkBytes = 4 * 1024;
    private const int LargestChunkBytes = 256 * 1024;
    public const int HeaderBytes = Hash256.Length + sizeof(int);

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _used = [];
    private int _count;

    public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding)
    {
        var needed = HeaderBytes + encoding.Length;
        if (_chunks.Count == 0 || _used[^1] + needed > _chunks[^1].Length)
        {
            // Growing chunk sizes: small commits stay small, large ones end up in 256 KiB chunks (less left unused at the end of the last one).
            var size = _chunks.Count == 0 ? FirstChunkBytes : Math.Min(LargestChunkBytes, _chunks[^1].Length * 2);
            // Never read past what was written, so the chunk need not be zeroed first.
            _chunks.Add(GC.AllocateUninitializedArray<byte>(Math.Max(size, needed), pinned));
            _used.Add(0);
        }

        var chunk = _chunks[^1];
        var offset = _used[^1];
        hash.CopyTo(chunk.AsSpan(offset));
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + Hash256.Length), encoding.Length);
        encoding.CopyTo(chunk.AsSpan(offset + HeaderBytes));
        _used[^1] = offset + needed;
        _count++;
    }

    /// <summary>Nodes put so far.</summary>
    public int Count => _count;

    /// <summary>How many chunks hold nodes; <see cref="Chunk"/> and <see cref="UsedBytes"/> give each one and the bytes of it in use.</summary>
    public int ChunkCount => _chunks.Count;

    public byte[] Chunk(int index) => _chunks[index];

    public int UsedBytes(int index) => _used[index];

    /// <summary>Hands every chunk to the store and indexes each node by hash at the offset of its length field; returns the bytes used.</summary>
    public long MoveInto(NodeIndex index, List<byte[]> chunks)
    {
        index.EnsureCapacity(index.Count + _count);
        var bytes = 0L;
        for (var i = 0; i < _chunks.Count; i++)
        {
            bytes += _used[i];
            var chunk = _chunks[i];
            var chunkIndex = chunks.Count;
            chunks.Add(chunk);
            for (var offset = 0; offset < _used[i];)
            {
                var hash = new Hash256(chunk.AsSpan(offset, Hash256.Length));
                index.Add(hash, chunkIndex, offset + Hash256.Length, chunks);
                offset += HeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + Hash256.Length));
            }
        }

        _chunks.Clear();
        _used.Clear();
        _count = 0;
        return bytes;
    }

    /// <summary>The encoding whose length field is at <paramref name="offset"/>.</summary>
    public static ReadOnlyMemory<byte> Read(byte[] chunk, int offset) =>
        new(chunk, offset + sizeof(int), BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset)));
}
