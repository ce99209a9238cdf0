using System.Numerics;
using Contracts.State.Primitives;

namespace Contracts.Execution.Processing;

/// <summary>Fee arithmetic on wei amounts (gas × price can pass 64 bits); saturates at 2^256 − 1, never wraps.</summary>
internal static class Wei
{
    /// <summary>price × gas, saturating. Every transaction computes a few (its up-front cost, refund and tip): in 256-bit
    /// arithmetic, not through <see cref="BigInteger"/> (which allocated each time).</summary>
    public static UInt256 Times(UInt256 price, ulong gas) => UInt256.TryMultiply(price, gas, out var product) ? product : UInt256.MaxValue;

    /// <summary>An amount as an unbounded integer (for sums that may pass 2^256 − 1 in messages).</summary>
    public static BigInteger Big(UInt256 value) => value.ToBigInteger();
}
