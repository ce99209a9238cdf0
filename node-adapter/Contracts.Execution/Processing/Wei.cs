using System.Numerics;
using Contracts.State.Primitives;

namespace Contracts.Execution.Processing;

/// <summary>Fee arithmetic on wei amounts (gas × price can pass 64 bits); saturates at 2^256 − 1, never wraps.</summary>
internal static class Wei
{
    private static readonly BigInteger Max = UInt256.MaxValue.ToBigInteger();

    public static UInt256 Times(UInt256 price, ulong gas) => FromBig(price.ToBigInteger() * gas);

    public static BigInteger Big(UInt256 value) => value.ToBigInteger();

    public static UInt256 FromBig(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "a wei amount is never negative");
        if (value > Max) value = Max;
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes[(32 - value.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        return UInt256.FromBigEndian(bytes);
    }
}
