using System.Text.Json;
using Contracts.Chain.Blocks;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

/// <summary>
/// EIP-1559's base-fee rule against published vectors (Vectors/eip1559-base-fee.json: ethereumjs's 50 cases, each a
/// parent base fee, gas used and gas target with the expected next base fee) and geth's three worked examples.
/// </summary>
public class BaseFeeTests
{
    public static TheoryData<ulong, ulong, ulong, ulong> PublishedCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "eip1559-base-fee.json")));
        var cases = new TheoryData<ulong, ulong, ulong, ulong>();
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
            cases.Add(c.GetProperty("parentBaseFee").GetUInt64(), c.GetProperty("parentGasUsed").GetUInt64(), c.GetProperty("parentTargetGasUsed").GetUInt64(), c.GetProperty("expectedBaseFee").GetUInt64());
        return cases;
    }

    [Theory]
    [MemberData(nameof(PublishedCases))]
    public void The_next_base_fee_matches_the_published_case(ulong parentBaseFee, ulong parentGasUsed, ulong parentTarget, ulong expected)
    {
        // Elasticity multiplier 2: the parent's gas limit is twice its target.
        Assert.Equal((UInt256)expected, BaseFee.Next(parentBaseFee, parentGasUsed, 2 * parentTarget, elasticityMultiplier: 2, changeDenominator: 8));
    }

    [Theory]
    // geth consensus/misc/eip1559 TestCalcBaseFee: 1 gwei parent, 20M gas limit (10M target).
    [InlineData(10_000_000ul, 1_000_000_000ul)] // on target: unchanged
    [InlineData(9_000_000ul, 987_500_000ul)] // below target: down
    [InlineData(11_000_000ul, 1_012_500_000ul)] // above target: up
    public void A_parent_header_gives_the_child_base_fee_geth_computes(ulong parentGasUsed, ulong expected)
    {
        var parent = new BlockHeader
        {
            ParentHash = Hash256.Zero, Coinbase = Address.Zero, StateRoot = Hash256.EmptyTrieRoot, Number = 1, GasLimit = 20_000_000,
            GasUsed = parentGasUsed, Timestamp = 1, BaseFeePerGas = 1_000_000_000ul,
        };
        Assert.Equal((UInt256)expected, BaseFee.Next(parent, TestChain.Spec.RulesAt(2)));
    }

    [Fact]
    public void A_full_block_raises_the_base_fee_by_an_eighth_and_an_empty_one_lowers_it_by_an_eighth()
    {
        Assert.Equal((UInt256)1_125_000_000ul, BaseFee.Next(1_000_000_000ul, 30_000_000, 30_000_000, 2, 8));
        Assert.Equal((UInt256)875_000_000ul, BaseFee.Next(1_000_000_000ul, 0, 30_000_000, 2, 8));
    }

    [Fact]
    public void A_header_without_a_base_fee_has_no_next_base_fee()
    {
        var preLondon = new BlockHeader { ParentHash = Hash256.Zero, Coinbase = Address.Zero, StateRoot = Hash256.EmptyTrieRoot, Number = 1, GasLimit = 5000, Timestamp = 1 };
        Assert.Throws<ArgumentException>(() => BaseFee.Next(preLondon, TestChain.Spec.RulesAt(2)));
    }
}
