using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Transactions;

public sealed class TransactionTests
{
    private static readonly Address Alice = Address.FromHex("0x00000000000000000000000000000000000000a1");

    [Theory]
    // EIP-1559: base + min(tip, cap - base).
    [InlineData(100, 10, 200, 110)]
    [InlineData(100, 10, 105, 105)]
    [InlineData(100, 0, 100, 100)]
    public void A_dynamic_fee_transaction_pays_the_base_fee_plus_the_tip_it_can_afford(ulong baseFee, ulong tip, ulong cap, ulong expected)
    {
        var tx = new Transaction { Sender = Alice, MaxPriorityFeePerGas = tip, MaxFeePerGas = cap };
        Assert.Equal((UInt256)expected, tx.EffectiveGasPrice(baseFee));
    }

    [Fact]
    public void A_fee_cap_below_the_base_fee_has_no_effective_price()
    {
        Assert.Null(new Transaction { Sender = Alice, MaxPriorityFeePerGas = 1, MaxFeePerGas = 99 }.EffectiveGasPrice(100));
        Assert.Null(new Transaction { Sender = Alice, Type = TransactionType.Legacy, GasPrice = 99 }.EffectiveGasPrice(100));
        Assert.Equal((UInt256)150UL, new Transaction { Sender = Alice, Type = TransactionType.Legacy, GasPrice = 150 }.EffectiveGasPrice(100));
    }

    [Fact]
    public void Intrinsic_gas_follows_ethereum()
    {
        var prices = TransactionPrices.Default;
        Assert.Equal(21_000UL, prices.IntrinsicGas(isCreate: false, [], 0, 0));
        Assert.Equal(21_000UL + 4 + 16 + 16, prices.IntrinsicGas(isCreate: false, [0, 1, 0xff], 0, 0));
        Assert.Equal(53_000UL + 4, prices.IntrinsicGas(isCreate: true, [0], 0, 0));
        Assert.Equal(21_000UL + 2_400 + 2 * 1_900, prices.IntrinsicGas(isCreate: false, [], 1, 2));
    }

    [Fact]
    public void Transactions_with_equal_fields_are_equal()
    {
        var a = new Transaction { Sender = Alice, Data = new byte[] { 1, 2 }, To = Alice };
        var b = new Transaction { Sender = Alice, Data = new byte[] { 1, 2 }, To = Alice };
        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Data = new byte[] { 1, 3 } });
        Assert.True(new Transaction { Sender = Alice }.IsCreate);
    }
}
