using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Contracts.State.Primitives;

/// <summary>
/// A 256-bit unsigned integer (balances, fees, 32-byte storage slots). Operators <c>+ - *</c> are checked and
/// throw <see cref="OverflowException"/>; the <c>Wrapping*</c> methods compute modulo 2^256 like the EVM; the
/// <c>Try*</c> methods report overflow without throwing. Nothing here allocates.
/// </summary>
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>, IComparable
{
    public const int Length = 32;

    private static readonly BigInteger Modulus = BigInteger.One << 256;

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

    /// <summary>Whether the value fits in a <see cref="ulong"/>.</summary>
    public bool FitsInUInt64 => (_u1 | _u2 | _u3) == 0;

    public static implicit operator UInt256(ulong value) => new(value, 0, 0, 0);

    /// <summary>Narrows to <see cref="ulong"/>; throws <see cref="OverflowException"/> when the value does not fit.</summary>
    public static explicit operator ulong(UInt256 value) =>
        value.FitsInUInt64 ? value._u0 : throw new OverflowException($"{value} does not fit in 64 bits.");

    /// <summary>Throws <see cref="OverflowException"/> for a negative value or one of 2^256 or more.</summary>
    public static explicit operator UInt256(BigInteger value) => FromBigInteger(value);

    public static implicit operator BigInteger(UInt256 value) => value.ToBigInteger();

    public static UInt256 FromBigInteger(BigInteger value)
    {
        if (value.Sign < 0 || value >= Modulus)
        {
            throw new OverflowException($"{value} is outside the 256-bit unsigned range.");
        }

        Span<byte> bytes = stackalloc byte[Length];
        bytes.Clear();
        var written = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes[(Length - written)..], out _, isUnsigned: true, isBigEndian: true);
        return FromBigEndian(bytes);
    }

    /// <summary>The value modulo 2^256 (negative values wrap as two's complement), like the EVM's arithmetic.</summary>
    public static UInt256 FromBigIntegerWrapping(BigInteger value)
    {
        var reduced = BigInteger.Remainder(value, Modulus);
        return FromBigInteger(reduced.Sign < 0 ? reduced + Modulus : reduced);
    }

    /// <summary>Reads a big-endian number of at most 32 bytes (leading zeros allowed).</summary>
    public static UInt256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Length)
        {
            throw new ArgumentException($"A 256-bit number has at most {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        if (bytes.Length == Length)
        {
            return new UInt256(
                BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(bytes));
        }

        Span<byte> padded = stackalloc byte[Length];
        padded.Clear();
        bytes.CopyTo(padded[(Length - bytes.Length)..]);
        return FromBigEndian(padded);
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

    /// <summary>The 32 big-endian bytes as a new array.</summary>
    public byte[] ToBigEndian()
    {
        var bytes = new byte[Length];
        WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary>Writes the minimal big-endian form (no leading zeros; nothing for zero); returns its length.</summary>
    public int WriteMinimalBigEndian(Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[Length];
        WriteBigEndian(full);
        var length = MinimalByteCount;
        full[(Length - length)..].CopyTo(destination);
        return length;
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

    /// <summary>Number of significant bits (0 for zero).</summary>
    public int BitLength
    {
        get
        {
            if (_u3 != 0) return 256 - BitOperations.LeadingZeroCount(_u3);
            if (_u2 != 0) return 192 - BitOperations.LeadingZeroCount(_u2);
            if (_u1 != 0) return 128 - BitOperations.LeadingZeroCount(_u1);
            return 64 - BitOperations.LeadingZeroCount(_u0);
        }
    }

    private static int ByteCount(ulong limb) => (64 - BitOperations.LeadingZeroCount(limb) + 7) / 8;

    public static bool TryAdd(UInt256 a, UInt256 b, out UInt256 sum)
    {
        sum = WrappingAdd(a, b, out var carry);
        return carry == 0;
    }

    public static bool TrySubtract(UInt256 a, UInt256 b, out UInt256 difference)
    {
        difference = WrappingSubtract(a, b, out var borrow);
        return borrow == 0;
    }

    public static bool TryMultiply(UInt256 a, UInt256 b, out UInt256 product)
    {
        product = Multiply(a, b, out var overflow);
        return !overflow;
    }

    /// <summary>a + b modulo 2^256.</summary>
    public static UInt256 WrappingAdd(UInt256 a, UInt256 b) => WrappingAdd(a, b, out _);

    /// <summary>a - b modulo 2^256.</summary>
    public static UInt256 WrappingSubtract(UInt256 a, UInt256 b) => WrappingSubtract(a, b, out _);

    /// <summary>a × b modulo 2^256.</summary>
    public static UInt256 WrappingMultiply(UInt256 a, UInt256 b) => Multiply(a, b, out _);

    /// <summary>a + b, or <see cref="MaxValue"/> when that overflows.</summary>
    public static UInt256 SaturatingAdd(UInt256 a, UInt256 b) => TryAdd(a, b, out var sum) ? sum : MaxValue;

    /// <summary>a - b, or zero when b is larger.</summary>
    public static UInt256 SaturatingSubtract(UInt256 a, UInt256 b) => TrySubtract(a, b, out var difference) ? difference : Zero;

    /// <summary>Checked addition: throws <see cref="OverflowException"/> past 2^256 - 1.</summary>
    public static UInt256 operator +(UInt256 a, UInt256 b) =>
        TryAdd(a, b, out var sum) ? sum : throw new OverflowException("256-bit addition overflowed.");

    /// <summary>Checked subtraction: throws <see cref="OverflowException"/> below zero.</summary>
    public static UInt256 operator -(UInt256 a, UInt256 b) =>
        TrySubtract(a, b, out var difference) ? difference : throw new OverflowException("256-bit subtraction went below zero.");

    /// <summary>Checked multiplication: throws <see cref="OverflowException"/> past 2^256 - 1.</summary>
    public static UInt256 operator *(UInt256 a, UInt256 b) =>
        TryMultiply(a, b, out var product) ? product : throw new OverflowException("256-bit multiplication overflowed.");

    /// <summary>Integer division rounding down; throws <see cref="DivideByZeroException"/> for a zero divisor.</summary>
    public static UInt256 operator /(UInt256 a, UInt256 b) => DivRem(a, b, out _);

    /// <summary>Remainder of the division; throws <see cref="DivideByZeroException"/> for a zero divisor.</summary>
    public static UInt256 operator %(UInt256 a, UInt256 b)
    {
        DivRem(a, b, out var remainder);
        return remainder;
    }

    public static UInt256 operator <<(UInt256 value, int shift) => ShiftLeft(value, shift);

    public static UInt256 operator >>(UInt256 value, int shift) => ShiftRight(value, shift);

    public static UInt256 Min(UInt256 a, UInt256 b) => a <= b ? a : b;

    public static UInt256 Max(UInt256 a, UInt256 b) => a >= b ? a : b;

    /// <summary>Quotient and remainder; throws <see cref="DivideByZeroException"/> for a zero divisor.</summary>
    public static UInt256 DivRem(UInt256 dividend, UInt256 divisor, out UInt256 remainder)
    {
        if (divisor.IsZero)
        {
            throw new DivideByZeroException("256-bit division by zero.");
        }

        if (dividend < divisor)
        {
            remainder = dividend;
            return Zero;
        }

        if ((dividend._u2 | dividend._u3) == 0)
        {
            // Both fit in 128 bits (the divisor is not larger than the dividend).
            var n = new UInt128(dividend._u1, dividend._u0);
            var d = new UInt128(divisor._u1, divisor._u0);
            var q = UInt128.DivRem(n, d);
            remainder = new UInt256((ulong)q.Remainder, (ulong)(q.Remainder >> 64), 0, 0);
            return new UInt256((ulong)q.Quotient, (ulong)(q.Quotient >> 64), 0, 0);
        }

        // Shift-subtract long division, one quotient bit per step from the highest one that can be set.
        var shift = dividend.BitLength - divisor.BitLength;
        var shifted = ShiftLeft(divisor, shift);
        var rest = dividend;
        var quotient = Zero;
        for (var bit = shift; bit >= 0; bit--)
        {
            if (rest >= shifted)
            {
                rest = WrappingSubtract(rest, shifted);
                quotient = quotient.WithBit(bit);
            }

            shifted = ShiftRight(shifted, 1);
        }

        remainder = rest;
        return quotient;
    }

    public static UInt256 ShiftLeft(UInt256 value, int shift)
    {
        if ((uint)shift >= 256)
        {
            return Zero;
        }

        Span<ulong> limbs = [value._u0, value._u1, value._u2, value._u3];
        Span<ulong> result = stackalloc ulong[4];
        result.Clear();
        var whole = shift / 64;
        var bits = shift % 64;
        for (var i = 3; i >= whole; i--)
        {
            var source = i - whole;
            result[i] = limbs[source] << bits;
            if (bits != 0 && source > 0)
            {
                result[i] |= limbs[source - 1] >> (64 - bits);
            }
        }

        return new UInt256(result[0], result[1], result[2], result[3]);
    }

    public static UInt256 ShiftRight(UInt256 value, int shift)
    {
        if ((uint)shift >= 256)
        {
            return Zero;
        }

        Span<ulong> limbs = [value._u0, value._u1, value._u2, value._u3];
        Span<ulong> result = stackalloc ulong[4];
        result.Clear();
        var whole = shift / 64;
        var bits = shift % 64;
        for (var i = 0; i + whole < 4; i++)
        {
            var source = i + whole;
            result[i] = limbs[source] >> bits;
            if (bits != 0 && source < 3)
            {
                result[i] |= limbs[source + 1] << (64 - bits);
            }
        }

        return new UInt256(result[0], result[1], result[2], result[3]);
    }

    private UInt256 WithBit(int bit) => bit switch
    {
        < 64 => new UInt256(_u0 | (1UL << bit), _u1, _u2, _u3),
        < 128 => new UInt256(_u0, _u1 | (1UL << (bit - 64)), _u2, _u3),
        < 192 => new UInt256(_u0, _u1, _u2 | (1UL << (bit - 128)), _u3),
        _ => new UInt256(_u0, _u1, _u2, _u3 | (1UL << (bit - 192))),
    };

    private static UInt256 WrappingAdd(UInt256 a, UInt256 b, out ulong carry)
    {
        var s0 = AddWithCarry(a._u0, b._u0, 0, out carry);
        var s1 = AddWithCarry(a._u1, b._u1, carry, out carry);
        var s2 = AddWithCarry(a._u2, b._u2, carry, out carry);
        var s3 = AddWithCarry(a._u3, b._u3, carry, out carry);
        return new UInt256(s0, s1, s2, s3);
    }

    private static UInt256 WrappingSubtract(UInt256 a, UInt256 b, out ulong borrow)
    {
        var d0 = SubtractWithBorrow(a._u0, b._u0, 0, out borrow);
        var d1 = SubtractWithBorrow(a._u1, b._u1, borrow, out borrow);
        var d2 = SubtractWithBorrow(a._u2, b._u2, borrow, out borrow);
        var d3 = SubtractWithBorrow(a._u3, b._u3, borrow, out borrow);
        return new UInt256(d0, d1, d2, d3);
    }

    /// <summary>The low 256 bits of the product; <paramref name="overflow"/> says whether any higher bit is set.</summary>
    private static UInt256 Multiply(UInt256 a, UInt256 b, out bool overflow)
    {
        ReadOnlySpan<ulong> x = [a._u0, a._u1, a._u2, a._u3];
        ReadOnlySpan<ulong> y = [b._u0, b._u1, b._u2, b._u3];
        Span<ulong> product = stackalloc ulong[8];
        product.Clear();
        for (var i = 0; i < 4; i++)
        {
            if (x[i] == 0)
            {
                continue;
            }

            ulong carry = 0;
            for (var j = 0; j < 4; j++)
            {
                var high = Math.BigMul(x[i], y[j], out var low);
                var sum = (UInt128)low + product[i + j] + carry;
                product[i + j] = (ulong)sum;
                carry = high + (ulong)(sum >> 64);
            }

            product[i + 4] = carry;
        }

        overflow = (product[4] | product[5] | product[6] | product[7]) != 0;
        return new UInt256(product[0], product[1], product[2], product[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong x, ulong y, ulong carryIn, out ulong carryOut)
    {
        var sum = x + y;
        var carry1 = sum < x ? 1UL : 0UL;
        var total = sum + carryIn;
        carryOut = carry1 | (total < sum ? 1UL : 0UL);
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UInt256 other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a {nameof(UInt256)} with a {obj.GetType().Name}.", nameof(obj)),
    };

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

    /// <summary>Decimal.</summary>
    public override string ToString() => ToBigInteger().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ethereum's quantity form: 0x, lowercase hex, no leading zeros ("0x0" for zero).</summary>
    public string ToHexQuantity()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteBigEndian(bytes);
        var hex = Convert.ToHexStringLower(bytes[(Length - Math.Max(1, MinimalByteCount))..]).TrimStart('0');
        return "0x" + (hex.Length == 0 ? "0" : hex);
    }
}
