using System.Buffers;
using System.Runtime.CompilerServices;
using Contracts.State.Primitives;

namespace Contracts.State.World;

/// <summary>
/// The pending 32-byte slot writes of a view: (account, slot) to value, in the order first written. Entries live
/// in fixed-size chunks that are never copied as the overlay grows, and an open-addressing index (linear probing,
/// at most half full) finds them; a block writing 100,000 slots needs about 11 MB here, where a
/// <see cref="Dictionary{TKey, TValue}"/> allocates three times that while it grows, and once views have committed
/// (or cleared) before, it reuses their pooled chunks and buckets instead of allocating.
/// </summary>
/// <remarks>
/// Only the newest entry can be removed: reverting a checkpoint undoes writes newest first, so the slot whose
/// first write is undone is always the last one added.
/// </remarks>
internal sealed class SlotOverlay
{
    private const int ChunkShift = 9;
    private const int ChunkEntries = 1 << ChunkShift;
    private const int FirstChunkEntries = 16;
    private const int InitialBuckets = 32;

    // Full chunks and large bucket arrays a cleared overlay gives back, for the next view's writes: a chain opens a
    // view per block, so without them every block would allocate its overlay anew. Bounded: about 23 MB of chunks.
    private const int PooledChunks = 512;
    private const int PooledBucketsMinimum = 4096;
    private static readonly Stack<Entry[]> ChunkPool = new();

    private Entry[][] _chunks = [];
    private int[] _buckets = [];
    private int _count;

    public int Count => _count;

    /// <summary>The entry at <paramref name="index"/> (0 .. <see cref="Count"/>-1), oldest first.</summary>
    public ref Entry this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[index >> ChunkShift][index & (ChunkEntries - 1)];
    }

    public bool TryGetValue(Address address, in UInt256 slot, out UInt256 value)
    {
        var bucket = Find(address, slot, Hash(address, slot));
        if (bucket < 0 || _buckets[bucket] == 0)
        {
            value = default;
            return false;
        }

        value = this[_buckets[bucket] - 1].Value;
        return true;
    }

    /// <summary>The value slot of the entry, added (zero) when absent.</summary>
    public ref UInt256 GetValueRefOrAdd(Address address, in UInt256 slot, out bool existed)
    {
        var hash = Hash(address, slot);
        var bucket = Find(address, slot, hash);
        if (bucket >= 0 && _buckets[bucket] != 0)
        {
            existed = true;
            return ref this[_buckets[bucket] - 1].Value;
        }

        existed = false;
        if (2 * (_count + 1) > _buckets.Length)
        {
            Grow();
            bucket = Find(address, slot, hash);
        }

        var index = _count;
        EnsureEntry(index);
        ref var entry = ref this[index];
        entry = new Entry { Address = address, Slot = slot };
        _buckets[bucket] = index + 1;
        _count++;
        return ref entry.Value;
    }

    /// <summary>Removes the newest entry, which must be (<paramref name="address"/>, <paramref name="slot"/>).</summary>
    public void RemoveNewest(Address address, in UInt256 slot)
    {
        var bucket = Find(address, slot, Hash(address, slot));
        if (bucket < 0 || _buckets[bucket] != _count)
        {
            throw new InvalidOperationException("Only the newest slot write can be removed.");
        }

        _count--;
        this[_count] = default;

        // Backward-shift deletion keeps every probe run unbroken without tombstones.
        var mask = _buckets.Length - 1;
        var hole = bucket;
        var next = (hole + 1) & mask;
        while (_buckets[next] != 0)
        {
            ref var moved = ref this[_buckets[next] - 1];
            var home = Hash(moved.Address, moved.Slot) & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                _buckets[hole] = _buckets[next];
                hole = next;
            }

            next = (next + 1) & mask;
        }

        _buckets[hole] = 0;
    }

    /// <summary>
    /// Forgets every entry. A small overlay keeps its memory; full chunks and large bucket arrays go back to pools
    /// shared by all views, so the next block's overlay (this view's or another's) reuses them.
    /// </summary>
    public void Clear()
    {
        var used = _count == 0 ? 0 : ((_count - 1) >> ChunkShift) + 1;
        for (var chunk = 0; chunk < used; chunk++)
        {
            var entries = _chunks[chunk];
            Array.Clear(entries);
            if (entries.Length == ChunkEntries && chunk > 0)
            {
                lock (ChunkPool)
                {
                    if (ChunkPool.Count < PooledChunks) ChunkPool.Push(entries);
                }

                _chunks[chunk] = null!;
            }
        }

        if (_buckets.Length >= PooledBucketsMinimum)
        {
            ArrayPool<int>.Shared.Return(_buckets);
            _buckets = [];
        }
        else
        {
            Array.Clear(_buckets);
        }

        _count = 0;
    }

    /// <summary>The bucket holding the key, or the empty bucket where it would go; -1 while there are no buckets.</summary>
    private int Find(Address address, in UInt256 slot, int hash)
    {
        if (_buckets.Length == 0)
        {
            return -1;
        }

        var mask = _buckets.Length - 1;
        for (var bucket = hash & mask; ; bucket = (bucket + 1) & mask)
        {
            var stored = _buckets[bucket];
            if (stored == 0)
            {
                return bucket;
            }

            ref var entry = ref this[stored - 1];
            if (entry.Slot == slot && entry.Address == address)
            {
                return bucket;
            }
        }
    }

    private void Grow()
    {
        var size = Math.Max(InitialBuckets, 2 * _buckets.Length);
        int[] buckets;
        if (size >= PooledBucketsMinimum)
        {
            // Pooled arrays come back dirty (and may be larger): clear exactly the part used.
            buckets = ArrayPool<int>.Shared.Rent(size);
            if (buckets.Length != size)
            {
                ArrayPool<int>.Shared.Return(buckets);
                buckets = new int[size];
            }
            else
            {
                Array.Clear(buckets);
            }
        }
        else
        {
            buckets = new int[size];
        }

        var mask = buckets.Length - 1;
        for (var index = 0; index < _count; index++)
        {
            ref var entry = ref this[index];
            var bucket = Hash(entry.Address, entry.Slot) & mask;
            while (buckets[bucket] != 0)
            {
                bucket = (bucket + 1) & mask;
            }

            buckets[bucket] = index + 1;
        }

        if (_buckets.Length >= PooledBucketsMinimum)
        {
            ArrayPool<int>.Shared.Return(_buckets);
        }

        _buckets = buckets;
    }

    private void EnsureEntry(int index)
    {
        var chunk = index >> ChunkShift;
        if (chunk == _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(4, 2 * _chunks.Length));
        }

        // The first chunk grows up to full size so that a view writing a few slots stays small.
        ref var entries = ref _chunks[chunk];
        if (entries is null)
        {
            if (chunk > 0)
            {
                lock (ChunkPool)
                {
                    ChunkPool.TryPop(out entries);
                }
            }

            entries ??= new Entry[chunk == 0 ? FirstChunkEntries : ChunkEntries];
        }
        else if ((index & (ChunkEntries - 1)) == entries.Length)
        {
            Array.Resize(ref entries, 2 * entries.Length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(Address address, in UInt256 slot) => HashCode.Combine(address, slot) & int.MaxValue;

    public struct Entry
    {
        public Address Address;
        public UInt256 Slot;
        public UInt256 Value;
    }
}
