using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Contracts.State.Primitives;

/// <summary>A 32-byte hash (Keccak-256 digests, trie node references, code hashes).</summary>
/// <remarks>
/// Stored as four little-endian words so that a Keccak state's first four lanes are the digest without byte
/// shuffling, and so that equality and hashing are four word compares.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    public const int Length = 32;

    private readonly ulong _w0, _w1, _w2, _w3;

    /// <summary>Creates a hash from the four Keccak output lanes (each the little-endian reading of 8 digest bytes).</summary>
    internal Hash256(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        _w0 = w0;
        _w1 = w1;
        _w2 = w2;
        _w3 = w3;
    }

    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A hash is {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    /// <summary>Keccak-256 of the RLP encoding of the empty string: the root of an empty trie.</summary>
    public static Hash256 EmptyTrieRoot { get; } =
        FromHex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    /// <summary>Keccak-256 of no bytes: the code hash of an account without code.</summary>
    public static Hash256 EmptyCode { get; } =
        FromHex("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

    public static Hash256 Zero => default;

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The byte at <paramref name="index"/> (0..31) without copying the hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte GetByte(int index)
    {
        var word = (index >> 3) switch
        {
            0 => _w0,
            1 => _w1,
            2 => _w2,
            3 => _w3,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
        return (byte)(word >> ((index & 7) * 8));
    }

    public static Hash256 FromHex(string hex) => new(Hex.Decode(hex));

    public bool Equals(Hash256 other) =>
        _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is Hash256 other && Equals(other);

    // The words are already uniformly distributed (they are hash output), so folding them is enough.
    public override int GetHashCode() => (int)(_w0 ^ (_w0 >> 32) ^ _w1 ^ _w3);

    /// <summary>Orders hashes as big-endian byte strings, the way they sort as store keys.</summary>
    public int CompareTo(Hash256 other)
    {
        var c = BinaryPrimitives.ReverseEndianness(_w0).CompareTo(BinaryPrimitives.ReverseEndianness(other._w0));
        if (c != 0) return c;
        c = BinaryPrimitives.ReverseEndianness(_w1).CompareTo(BinaryPrimitives.ReverseEndianness(other._w1));
        if (c != 0) return c;
        c = BinaryPrimitives.ReverseEndianness(_w2).CompareTo(BinaryPrimitives.ReverseEndianness(other._w2));
        if (c != 0) return c;
        return BinaryPrimitives.ReverseEndianness(_w3).CompareTo(BinaryPrimitives.ReverseEndianness(other._w3));
    }

    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);

    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }
}
