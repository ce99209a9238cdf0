using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>
/// Recently read and written trie node encodings by hash, bounded by a byte budget, safe for concurrent use.
/// Nodes are content-addressed, so an entry can never be stale: the cache only decides how many store reads a
/// walk skips. The upper levels of a storage trie are read by every block and rewritten by every commit, which is
/// what this keeps: each node a commit writes goes in after the write succeeded, each node read from the store
/// goes in when read.
/// </summary>
/// <remarks>
/// Eviction is by generation rather than per entry: each of 16 shards (picked by the hash's first byte, so the
/// merge walk's two workers rarely meet) fills its current generation up to half its share of the budget, then
/// drops its previous generation and starts a new one; a hit in the previous generation moves the entry into the
/// current one, so whatever is read at least once per generation survives. Encodings are immutable memory handed
/// out as it is: a reader may keep one after it was evicted.
/// </remarks>
internal sealed class NodeCache
{
    private const int ShardCount = 16;

    // A dictionary entry with its hash, array header and bucket: what an entry costs besides its encoding.
    private const int EntryOverheadBytes = 96;

    private readonly Shard[] _shards = new Shard[ShardCount];

    public NodeCache(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        for (var i = 0; i < ShardCount; i++)
        {
            _shards[i] = new Shard(Math.Max(1, budgetBytes / ShardCount / 2));
        }
    }

    public bool TryGet(in Hash256 hash, out ReadOnlyMemory<byte> encoding) => ShardOf(hash).TryGet(hash, out encoding);

    /// <summary>
    /// Adds a node; the memory behind <paramref name="encoding"/> must never change afterwards. It may be a slice
    /// of a larger array (a commit's node chunk), which then stays alive as long as one of its nodes is cached.
    /// </summary>
    public void Add(in Hash256 hash, ReadOnlyMemory<byte> encoding) => ShardOf(hash).Add(hash, encoding);

    private Shard ShardOf(in Hash256 hash) => _shards[hash.GetByte(0) & (ShardCount - 1)];

    private sealed class Shard(long generationBytes)
    {
        private readonly Lock _lock = new();
        private Dictionary<Hash256, ReadOnlyMemory<byte>> _current = [];
        private Dictionary<Hash256, ReadOnlyMemory<byte>> _previous = [];
        private long _currentBytes;

        public bool TryGet(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
        {
            lock (_lock)
            {
                if (_current.TryGetValue(hash, out encoding))
                {
                    return true;
                }

                if (!_previous.Remove(hash, out encoding))
                {
                    return false;
                }

                AddUnlocked(hash, encoding);
                return true;
            }
        }

        public void Add(in Hash256 hash, ReadOnlyMemory<byte> encoding)
        {
            lock (_lock)
            {
                AddUnlocked(hash, encoding);
            }
        }

        private void AddUnlocked(in Hash256 hash, ReadOnlyMemory<byte> encoding)
        {
            if (!_current.TryAdd(hash, encoding))
            {
                return;
            }

            _currentBytes += encoding.Length + EntryOverheadBytes;
            if (_currentBytes > generationBytes)
            {
                // The old previous generation's dictionary is reused, emptied, as the new current one.
                (_previous, _current) = (_current, _previous);
                _current.Clear();
                _currentBytes = 0;
            }
        }
    }
}
