using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Execution.Results;

/// <summary>
/// Ethereum's 2048-bit logs bloom (yellow paper §4.3.1): for the address and each topic of a log, three bits chosen by
/// the first three pairs of bytes of its Keccak-256 hash, each taken modulo 2048; bit <c>b</c> is bit <c>b % 8</c> of
/// byte <c>255 − b / 8</c>. Receipts and headers carry it; filters test it before reading a block's logs.
/// </summary>
public sealed class LogsBloom : IEquatable<LogsBloom>
{
    public const int ByteLength = 256;

    private readonly byte[] _bits = new byte[ByteLength];

    public LogsBloom()
    {
    }

    /// <summary>A bloom with the given 256 bytes (e.g. read from a header).</summary>
    public LogsBloom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength) throw new ArgumentException($"a logs bloom is {ByteLength} bytes, not {bytes.Length}", nameof(bytes));
        bytes.CopyTo(_bits);
    }

    public ReadOnlySpan<byte> Bytes => _bits;

    public static LogsBloom Of(IEnumerable<Log> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var bloom = new LogsBloom();
        if (logs is IReadOnlyList<Log> list)
        {
            // Every receipt's bloom comes here: indexing a list allocates no enumerator.
            for (int i = 0; i < list.Count; i++) bloom.Add(list[i]);
        }
        else
        {
            foreach (var log in logs) bloom.Add(log);
        }
        return bloom;
    }

    public void Add(Log log)
    {
        ArgumentNullException.ThrowIfNull(log);
        // The address and the (at most four) topics are hashed together, as many per Keccak pass as the hardware
        // takes (an event with three topics is one 4-lane pass instead of four hashes); the bits set are the same.
        const int MaxValues = 1 + Log.MaxTopics;
        Span<byte> values = stackalloc byte[Address.Length + Log.MaxTopics * Hash256.Length];
        Span<int> starts = stackalloc int[MaxValues];
        Span<int> lengths = stackalloc int[MaxValues];
        Span<Hash256> hashes = stackalloc Hash256[MaxValues];
        log.Address.CopyTo(values);
        starts[0] = 0;
        lengths[0] = Address.Length;
        int count = 1;
        var topics = log.Topics;
        for (int t = 0; t < topics.Count; t++, count++)
        {
            starts[count] = Address.Length + t * Hash256.Length;
            lengths[count] = Hash256.Length;
            topics[t].CopyTo(values.Slice(starts[count], Hash256.Length));
        }
        Keccak256.ComputeBatch(values, starts[..count], lengths[..count], hashes);
        for (int i = 0; i < count; i++) SetBits(hashes[i]);
    }

    /// <summary>Sets the three bits of <paramref name="value"/> (an address or a topic).</summary>
    public void AddValue(ReadOnlySpan<byte> value) => SetBits(Keccak256.Compute(value));

    private void SetBits(Hash256 hash)
    {
        for (int i = 0; i < 6; i += 2)
        {
            int bit = ((hash.GetByte(i) << 8) | hash.GetByte(i + 1)) & 2047;
            _bits[ByteLength - 1 - bit / 8] |= (byte)(1 << (bit % 8));
        }
    }

    /// <summary>True when all three bits of <paramref name="value"/> are set: it may be present (false means surely absent).</summary>
    public bool MayContain(ReadOnlySpan<byte> value)
    {
        Hash256 hash = Keccak256.Compute(value);
        for (int i = 0; i < 6; i += 2)
        {
            int bit = ((hash.GetByte(i) << 8) | hash.GetByte(i + 1)) & 2047;
            if ((_bits[ByteLength - 1 - bit / 8] & (1 << (bit % 8))) == 0) return false;
        }
        return true;
    }

    /// <summary>Sets every bit set in <paramref name="other"/> (a block's bloom is the union of its receipts').</summary>
    public void UnionWith(LogsBloom other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < ByteLength; i++) _bits[i] |= other._bits[i];
    }

    public bool Equals(LogsBloom? other) => other is not null && _bits.AsSpan().SequenceEqual(other._bits);

    public override bool Equals(object? obj) => Equals(obj as LogsBloom);

    public override int GetHashCode() => HashCode.Combine(_bits[0], _bits[1], _bits[254], _bits[255]);

    public override string ToString() => Hex.Encode(_bits);
}
