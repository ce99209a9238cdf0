using System.Buffers.Binary;
using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>
/// Keeps finished nodes (hash, length, encoding) back to back in large reused chunks until they are replayed to
/// a sink, oldest first: no per-node arrays. A merge worker buffers its subtree's nodes here (sinks are
/// single-threaded); a view keeps the nodes a <c>ComputeRoot</c> produced here so its commit only writes them.
/// </summary>
internal sealed class TrieNodeBuffer : ITrieNodeSink
{
    // Chunks start small (a typical block's nodes fit in a few KiB) and double up to the largest size.
    private const int FirstChunkBytes = 16 * 1024;
    private const int ChunkBytes = 256 * 1024;
    private const int HeaderBytes = Hash256.Length + sizeof(int);

    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _ends = [];
    private int _chunkCount;
    private int _used;

    // Buffers handed to parallel workers (reused after a clear); their nodes count as this buffer's.
    private readonly List<TrieNodeBuffer> _workers = [];
    private int _workersInUse;

    /// <summary>A buffer a parallel worker fills on its own thread; replayed and cleared with this one.</summary>
    public ITrieNodeSink CreateWorkerSink()
    {
        lock (_workers)
        {
            if (_workersInUse == _workers.Count) _workers.Add(new TrieNodeBuffer());
            return _workers[_workersInUse++];
        }
    }

    public void PutNode(in Hash256 hash, ReadOnlySpan<byte> encoding)
    {
        var needed = HeaderBytes + encoding.Length;
        if (_chunkCount == 0 || _used + needed > _chunks[_chunkCount - 1].Length)
        {
            StartChunk(needed);
        }

        var chunk = _chunks[_chunkCount - 1].AsSpan(_used);
        hash.CopyTo(chunk);
        BinaryPrimitives.WriteInt32LittleEndian(chunk[Hash256.Length..], encoding.Length);
        encoding.CopyTo(chunk[HeaderBytes..]);
        _used += needed;
    }

    /// <summary>Hands every buffered node to <paramref name="sink"/>: the workers' (deeper nodes) first, then its own, oldest first; the buffer keeps them.</summary>
    public void ReplayTo(ITrieNodeSink sink)
    {
        for (var w = 0; w < _workersInUse; w++)
        {
            _workers[w].ReplayTo(sink);
        }

        for (var c = 0; c < _chunkCount; c++)
        {
            var chunk = _chunks[c];
            var used = c == _chunkCount - 1 ? _used : _ends[c];
            for (var offset = 0; offset < used;)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + Hash256.Length));
                sink.PutNode(new Hash256(chunk.AsSpan(offset, Hash256.Length)), chunk.AsSpan(offset + HeaderBytes, length));
                offset += HeaderBytes + length;
            }
        }
    }

    /// <summary>Forgets the buffered nodes, keeping up to <paramref name="retainedChunks"/> chunks for reuse.</summary>
    public void Clear(int retainedChunks)
    {
        for (var w = 0; w < _workersInUse; w++)
        {
            _workers[w].Clear(retainedChunks);
        }

        _workersInUse = 0;
        _chunkCount = 0;
        _used = 0;
        if (_chunks.Count > retainedChunks)
        {
            _chunks.RemoveRange(retainedChunks, _chunks.Count - retainedChunks);
        }
    }

    private void StartChunk(int needed)
    {
        if (_chunkCount == _chunks.Count || _chunks[_chunkCount].Length < needed)
        {
            var size = Math.Min(ChunkBytes, FirstChunkBytes << Math.Min(_chunkCount, 4));
            _chunks.Insert(_chunkCount, GC.AllocateUninitializedArray<byte>(Math.Max(size, needed)));
        }

        if (_chunkCount > 0)
        {
            // Where the chunk being left ends.
            if (_ends.Count < _chunkCount) _ends.Add(_used);
            else _ends[_chunkCount - 1] = _used;
        }

        _chunkCount++;
        _used = 0;
    }
}
