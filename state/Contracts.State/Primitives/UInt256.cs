using System.Buffers.Binary;
using System.Numerics;

namespace Contracts.State.Primitives;

/// <summary>A 256-bit unsigned integer (account balances), with overflow-checked arithmetic only.</summary>
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>
{
    public const int Length = 32;

    // Least significant limb first.
    private readonly ulong _u0, _u1, _u2, _u3;

    public UInt256(ulong u0, ulong u1, ulong u2, ulong u3)
    {
        _u0 = u0;
        _u1 = u1;
        _u2 = u2;
        _u3 = u3;
    }

    public static UInt256 Zero => default;

    public static UInt256 One => new(1, 0, 0, 0);

    public static UInt256 MaxValue => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    public bool IsZero => (_u0 | _u1 | _u2 | _u3) == 0;

    public static implicit operator UInt256(ulong value) => new(value, 0, 0, 0);

    /// <summary>Reads a big-endian number of at most 32 bytes (leading zeros allowed).</summary>
    public static UInt256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Length)
        {
            throw new ArgumentException($"A 256-bit number has at most {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        Span<byte> padded = stackalloc byte[Length];
        padded.Clear();
        bytes.CopyTo(padded[(Length - bytes.Length)..]);
        return new UInt256(
            BinaryPrimitives.ReadUInt64BigEndian(padded[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(padded[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(padded[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(padded));
    }

    /// <summary>Writes all 32 big-endian bytes.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _u3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _u2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _u1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _u0);
    }

    /// <summary>Number of bytes of the minimal big-endian form (0 for zero), as RLP encodes integers.</summary>
    public int MinimalByteCount
    {
        get
        {
            if (_u3 != 0) return 24 + ByteCount(_u3);
            if (_u2 != 0) return 16 + ByteCount(_u2);
            if (_u1 != 0) return 8 + ByteCount(_u1);
            return ByteCount(_u0);
        }
    }

    private static int ByteCount(ulong limb) => (64 - BitOperations.LeadingZeroCount(limb) + 7) / 8;

    public static bool TryAdd(UInt256 a, UInt256 b, out UInt256 sum)
    {
        ulong carry;
        var s0 = AddWithCarry(a._u0, b._u0, 0, out carry);
        var s1 = AddWithCarry(a._u1, b._u1, carry, out carry);
        var s2 = AddWithCarry(a._u2, b._u2, carry, out carry);
        var s3 = AddWithCarry(a._u3, b._u3, carry, out carry);
        sum = new UInt256(s0, s1, s2, s3);
        return carry == 0;
    }

    public static bool TrySubtract(UInt256 a, UInt256 b, out UInt256 difference)
    {
        ulong borrow;
        var d0 = SubtractWithBorrow(a._u0, b._u0, 0, out borrow);
        var d1 = SubtractWithBorrow(a._u1, b._u1, borrow, out borrow);
        var d2 = SubtractWithBorrow(a._u2, b._u2, borrow, out borrow);
        var d3 = SubtractWithBorrow(a._u3, b._u3, borrow, out borrow);
        difference = new UInt256(d0, d1, d2, d3);
        return borrow == 0;
    }

    /// <summary>Checked addition: throws <see cref="OverflowException"/> past 2^256 - 1.</summary>
    public static UInt256 operator +(UInt256 a, UInt256 b) =>
        TryAdd(a, b, out var sum) ? sum : throw new OverflowException("256-bit addition overflowed.");

    /// <summary>Checked subtraction: throws <see cref="OverflowException"/> below zero.</summary>
    public static UInt256 operator -(UInt256 a, UInt256 b) =>
        TrySubtract(a, b, out var difference) ? difference : throw new OverflowException("256-bit subtraction went below zero.");

    private static ulong AddWithCarry(ulong x, ulong y, ulong carryIn, out ulong carryOut)
    {
        var sum = x + y;
        var carry1 = sum < x ? 1UL : 0UL;
        var total = sum + carryIn;
        carryOut = carry1 | (total < sum ? 1UL : 0UL);
        return total;
    }

    private static ulong SubtractWithBorrow(ulong x, ulong y, ulong borrowIn, out ulong borrowOut)
    {
        var difference = x - y;
        var borrow1 = x < y ? 1UL : 0UL;
        var total = difference - borrowIn;
        borrowOut = borrow1 | (difference < borrowIn ? 1UL : 0UL);
        return total;
    }

    public int CompareTo(UInt256 other)
    {
        var c = _u3.CompareTo(other._u3);
        if (c != 0) return c;
        c = _u2.CompareTo(other._u2);
        if (c != 0) return c;
        c = _u1.CompareTo(other._u1);
        return c != 0 ? c : _u0.CompareTo(other._u0);
    }

    public bool Equals(UInt256 other) => _u0 == other._u0 && _u1 == other._u1 && _u2 == other._u2 && _u3 == other._u3;

    public override bool Equals(object? obj) => obj is UInt256 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_u0, _u1, _u2, _u3);

    public static bool operator ==(UInt256 left, UInt256 right) => left.Equals(right);

    public static bool operator !=(UInt256 left, UInt256 right) => !left.Equals(right);

    public static bool operator <(UInt256 left, UInt256 right) => left.CompareTo(right) < 0;

    public static bool operator >(UInt256 left, UInt256 right) => left.CompareTo(right) > 0;

    public static bool operator <=(UInt256 left, UInt256 right) => left.CompareTo(right) <= 0;

    public static bool operator >=(UInt256 left, UInt256 right) => left.CompareTo(right) >= 0;

    public BigInteger ToBigInteger()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteBigEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    public override string ToString() => ToBigInteger().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
