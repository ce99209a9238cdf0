using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>
/// Where each node of the in-memory store lives: an open-addressing table (linear probing, at most three quarters
/// full) of 12-byte entries, a 32-bit tag of the hash plus the chunk and offset of the node. The full hash is not
/// kept here: it is already stored in front of the node's encoding (see <see cref="NodeChunks"/>), where a lookup
/// compares it. About a third of a <see cref="Dictionary{TKey, TValue}"/> of the same nodes, which keeps each key,
/// its hash code and a chain link per entry.
/// </summary>
/// <remarks>
/// Tags are Keccak bits (the hash's own <see cref="Hash256.GetHashCode"/>), so they are spread evenly and the same
/// in every process; growing rehashes from the tags alone, without touching the chunks. Not thread-safe: the store
/// guards it with its lock. Nodes are never removed.
/// </remarks>
internal sealed class NodeIndex
{
    private const int InitialCapacity = 16;

    private Entry[] _entries = new Entry[InitialCapacity];

    public int Count { get; private set; }

    /// <summary>Finds the node's chunk and the offset of its length field.</summary>
    public bool TryGet(in Hash256 hash, List<byte[]> chunks, out int chunk, out int offset)
    {
        var tag = Tag(hash);
        var mask = _entries.Length - 1;
        for (var i = (int)(tag & (uint)mask); ; i = (i + 1) & mask)
        {
            ref var entry = ref _entries[i];
            if (entry.ChunkPlusOne == 0)
            {
                chunk = offset = 0;
                return false;
            }

            if (entry.Tag == tag && Matches(hash, chunks[entry.ChunkPlusOne - 1], entry.Offset))
            {
                chunk = entry.ChunkPlusOne - 1;
                offset = entry.Offset;
                return true;
            }
        }
    }

    /// <summary>Indexes a node whose length field is at <paramref name="offset"/> of chunk <paramref name="chunk"/>; a node already indexed keeps its place.</summary>
    public void Add(in Hash256 hash, int chunk, int offset, List<byte[]> chunks)
    {
        EnsureCapacity(Count + 1);
        var tag = Tag(hash);
        var mask = _entries.Length - 1;
        var i = (int)(tag & (uint)mask);
        for (; _entries[i].ChunkPlusOne != 0; i = (i + 1) & mask)
        {
            if (_entries[i].Tag == tag && Matches(hash, chunks[_entries[i].ChunkPlusOne - 1], _entries[i].Offset))
            {
                return;
            }
        }

        _entries[i] = new Entry { Tag = tag, ChunkPlusOne = chunk + 1, Offset = offset };
        Count++;
    }

    /// <summary>Makes room for <paramref name="count"/> nodes in one step (a commit's nodes are indexed together).</summary>
    public void EnsureCapacity(int count)
    {
        if (4L * count <= 3L * _entries.Length)
        {
            return;
        }

        var capacity = _entries.Length;
        while (4L * count > 3L * capacity)
        {
            capacity *= 2;
        }

        var entries = new Entry[capacity];
        var mask = capacity - 1;
        foreach (var entry in _entries)
        {
            if (entry.ChunkPlusOne == 0)
            {
                continue;
            }

            var i = (int)(entry.Tag & (uint)mask);
            while (entries[i].ChunkPlusOne != 0)
            {
                i = (i + 1) & mask;
            }

            entries[i] = entry;
        }

        _entries = entries;
    }

    private static uint Tag(in Hash256 hash) => (uint)hash.GetHashCode();

    private static bool Matches(in Hash256 hash, byte[] chunk, int offset) =>
        new Hash256(chunk.AsSpan(offset - Hash256.Length, Hash256.Length)) == hash;

    private struct Entry
    {
        public uint Tag;
        public int ChunkPlusOne;
        public int Offset;
    }
}
