using System.Numerics;
using Contracts.Execution.Processing;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Processing;

public sealed class WeiTests
{
    [Theory]
    [InlineData("0", 21_000ul)]
    [InlineData("3000000000", 21_000ul)]
    [InlineData("3000000000", 0ul)]
    [InlineData("18446744073709551615", 18446744073709551615ul)]
    [InlineData("340282366920938463463374607431768211457", 12345678901234567ul)]
    [InlineData("6277101735386680763835789423207666416102355444464034512895", 18446744073709551615ul)]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", 1ul)]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", 2ul)]
    [InlineData("57896044618658097711785492504343953926634992332820282019728792003956564819968", 2ul)]
    public void Times_is_the_exact_product_saturated_at_the_largest_amount(string price, ulong gas)
    {
        var big = BigInteger.Parse(price) * gas;
        var max = UInt256.MaxValue.ToBigInteger();
        var expected = big > max ? UInt256.MaxValue : UInt256.FromBigInteger(big);
        Assert.Equal(expected, Wei.Times(UInt256.FromBigInteger(BigInteger.Parse(price)), gas));
    }
}
