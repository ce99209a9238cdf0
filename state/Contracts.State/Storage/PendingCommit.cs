using System.Buffers.Binary;
using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>
/// One completed commit of a <see cref="RocksDbStateStore"/>, ready for its one synced WriteBatch: trie nodes in
/// pinned chunks with their order by hash, code, records and the head. While a store that writes behind
/// (<see cref="RocksDbStateStoreOptions.WriteBehind"/>) has not yet written it, readers find its nodes, code and
/// records here (nodes by binary search over the sorted hashes, records and code by dictionary), so the commit is
/// readable the moment it completes; <see cref="Durable"/> completes once it is on disk.
/// </summary>
internal sealed class PendingCommit
{
    private readonly ulong[] _keys;
    private readonly Dictionary<byte[], byte[]?>? _records;
    private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _recordsBySpan;
    private readonly Dictionary<Hash256, byte[]>? _code;

    public PendingCommit(
        long sequence, byte[][] chunks, ulong[] keys, long[] order, long nodeBytes, List<Write> writes, Hash256? head, bool indexed)
    {
        Sequence = sequence;
        Chunks = chunks;
        _keys = keys;
        Order = order;
        NodeBytes = nodeBytes;
        Writes = writes;
        Head = head;
        if (!indexed)
        {
            return;
        }

        // Later writes of a key win, as they do in the batch.
        _records = new Dictionary<byte[], byte[]?>(ByteArrayComparer.Instance);
        _code = [];
        foreach (var write in writes)
        {
            if (write.IsCode) _code[new Hash256(write.Key.AsSpan(1))] = write.Value!;
            else _records[write.Key] = write.Value;
        }

        _recordsBySpan = _records.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>A code or record write: <see cref="Value"/> null deletes a record; code keys are the code family's prefixed keys.</summary>
    public readonly record struct Write(bool IsCode, byte[] Key, byte[]? Value);

    /// <summary>Its place in the store's commit order (1, 2, ...): batches are written in this order.</summary>
    public long Sequence { get; }

    public byte[][] Chunks { get; }

    /// <summary>Every node as (chunk index &lt;&lt; 32 | offset of its hash), sorted by hash.</summary>
    public long[] Order { get; }

    public long NodeBytes { get; }

    public List<Write> Writes { get; }

    public Hash256? Head { get; }

    /// <summary>Completes when the commit is on disk; faults with the store's <see cref="StateStoreErrorKind.WriteFailed"/> error when it never will be.</summary>
    public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HasRecordWith(ReadOnlySpan<byte> prefix)
    {
        foreach (var write in Writes)
        {
            if (!write.IsCode && write.Key.AsSpan().StartsWith(prefix)) return true;
        }

        return false;
    }

    /// <summary>The node with <paramref name="hash"/>, found by binary search on the first eight bytes of the sorted hashes.</summary>
    public bool TryGetNode(in Hash256 hash, out ReadOnlyMemory<byte> encoding)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Length];
        hash.CopyTo(bytes);
        var prefix = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        int low = 0, high = _keys.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_keys[middle] < prefix) low = middle + 1;
            else high = middle;
        }

        for (var i = low; i < _keys.Length && _keys[i] == prefix; i++)
        {
            var entry = Order[i];
            var chunk = Chunks[(int)(entry >> 32)];
            var offset = (int)entry;
            if (chunk.AsSpan(offset, Hash256.Length).SequenceEqual(bytes))
            {
                encoding = EncodingAt(chunk, offset);
                return true;
            }
        }

        encoding = default;
        return false;
    }

    /// <summary>Whether this commit writes the record: then <paramref name="value"/> is its value, or null when it deletes it.</summary>
    public bool TryGetRecord(ReadOnlySpan<byte> key, out byte[]? value)
    {
        value = null;
        return _records is not null && _recordsBySpan.TryGetValue(key, out value);
    }

    public bool TryGetCode(in Hash256 codeHash, out byte[]? code)
    {
        code = null;
        return _code is not null && _code.TryGetValue(codeHash, out code);
    }

    /// <summary>The encoding of the node whose hash starts at <paramref name="offset"/> of <paramref name="chunk"/>.</summary>
    public static ReadOnlyMemory<byte> EncodingAt(byte[] chunk, int offset)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + Hash256.Length));
        return new ReadOnlyMemory<byte>(chunk, offset + NodeChunks.HeaderBytes, length);
    }
}
