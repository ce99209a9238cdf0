using System.Numerics;
using Contracts.State.Primitives;
using Contracts.State.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Contracts.State.Tests.Primitives;

/// <summary>UInt256 arithmetic against System.Numerics.BigInteger on random operands of every size.</summary>
public sealed class UInt256Tests
{
    private static readonly BigInteger Modulus = BigInteger.One << 256;

    // Operands biased to limb boundaries and extremes, where carries and borrows live.
    private static Gen<BigInteger> Operand =>
        Gen.Frequency(
            (1, Gen.Elements(BigInteger.Zero, BigInteger.One, Modulus - 1, BigInteger.One << 64, (BigInteger.One << 64) - 1, BigInteger.One << 128, BigInteger.One << 255)),
            (4, from bits in Gen.Choose(1, 256)
                from seed in Gen.Choose(0, int.MaxValue)
                select new BigInteger(Bytes.Pseudorandom(32, seed), isUnsigned: true, isBigEndian: true) >> (256 - bits)));

    private static Gen<(BigInteger A, BigInteger B)> Pair => from a in Operand from b in Operand select (a, b);

    [Fact]
    public void Checked_wrapping_and_saturating_arithmetic_match_BigInteger()
    {
        PropertyRunner.Check(Pair, p =>
        {
            var (a, b) = p;
            var x = (UInt256)a;
            var y = (UInt256)b;
            Check(a + b, UInt256.TryAdd(x, y, out var sum), sum, UInt256.WrappingAdd(x, y), () => x + y);
            Check(a - b, UInt256.TrySubtract(x, y, out var difference), difference, UInt256.WrappingSubtract(x, y), () => x - y);
            Check(a * b, UInt256.TryMultiply(x, y, out var product), product, UInt256.WrappingMultiply(x, y), () => x * y);
            Assert.Equal(BigInteger.Min(a + b, Modulus - 1), UInt256.SaturatingAdd(x, y).ToBigInteger());
            Assert.Equal(BigInteger.Max(a - b, 0), UInt256.SaturatingSubtract(x, y).ToBigInteger());
            if (b.IsZero)
            {
                Assert.Throws<DivideByZeroException>(() => x / y);
                Assert.Throws<DivideByZeroException>(() => x % y);
            }
            else
            {
                Assert.Equal(a / b, (x / y).ToBigInteger());
                Assert.Equal(a % b, (x % y).ToBigInteger());
            }

            Assert.Equal(a.CompareTo(b), x.CompareTo(y));
            Assert.Equal(a < b, x < y);
            Assert.Equal(a >= b, x >= y);
            Assert.Equal(a == b, x == y);
            return true;
        }, maxTest: 2000, seed: 61);
    }

    [Fact]
    public void Conversions_and_shifts_match_BigInteger()
    {
        PropertyRunner.Check(from a in Operand from shift in Gen.Choose(0, 300) select (a, shift), p =>
        {
            var (a, shift) = p;
            var x = (UInt256)a;
            Assert.Equal(a, (BigInteger)x);
            Assert.Equal(x, UInt256.FromBigEndian(x.ToBigEndian()));
            Assert.Equal((a << shift) % Modulus, (x << shift).ToBigInteger());
            Assert.Equal(a >> shift, (x >> shift).ToBigInteger());
            Assert.Equal(a.IsZero ? 0 : (int)a.GetBitLength(), x.BitLength);
            Assert.Equal("0x" + (a.IsZero ? "0" : a.ToString("x").TrimStart('0')), x.ToHexQuantity());
            if (a <= ulong.MaxValue) Assert.Equal((ulong)a, (ulong)x);
            else Assert.Throws<OverflowException>(() => (ulong)x);
            Assert.Equal(x, UInt256.FromBigIntegerWrapping(a - Modulus));
            return true;
        }, maxTest: 1000, seed: 62);

        Assert.Throws<OverflowException>(() => (UInt256)Modulus);
        Assert.Throws<OverflowException>(() => (UInt256)BigInteger.MinusOne);
        Assert.Equal(UInt256.MaxValue, UInt256.FromBigIntegerWrapping(BigInteger.MinusOne));
    }

    private static void Check(BigInteger exact, bool fits, UInt256 tried, UInt256 wrapped, Func<UInt256> checkedResult)
    {
        var inRange = exact.Sign >= 0 && exact < Modulus;
        Assert.Equal(inRange, fits);
        var modular = ((exact % Modulus) + Modulus) % Modulus;
        Assert.Equal(modular, wrapped.ToBigInteger());
        Assert.Equal(modular, tried.ToBigInteger());
        if (inRange) Assert.Equal(exact, checkedResult().ToBigInteger());
        else Assert.Throws<OverflowException>(() => checkedResult());
    }
}
