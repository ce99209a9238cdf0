using Contracts.Execution.ChainSpecs;
using Contracts.State.Primitives;

namespace Contracts.Chain.Blocks;

/// <summary>
/// EIP-1559's base-fee rule: the gas target is the parent's gas limit ÷ the elasticity multiplier; a parent above
/// target raises the base fee by parentBaseFee × (gasUsed − target) ÷ target ÷ denominator (at least 1), one below
/// lowers it by parentBaseFee × (target − gasUsed) ÷ target ÷ denominator; on target it stays.
/// </summary>
public static class BaseFee
{
    /// <summary>The base fee of the child of <paramref name="parent"/> under <paramref name="rules"/> (the child's rule set).</summary>
    public static UInt256 Next(BlockHeader parent, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(rules);
        if (parent.BaseFeePerGas is not { } parentBaseFee) throw new ArgumentException("the parent header has no base fee", nameof(parent));
        return Next(parentBaseFee, parent.GasUsed, parent.GasLimit, rules.ElasticityMultiplier, rules.BaseFeeChangeDenominator);
    }

    public static UInt256 Next(UInt256 parentBaseFee, ulong parentGasUsed, ulong parentGasLimit, ulong elasticityMultiplier, ulong changeDenominator)
    {
        ulong target = parentGasLimit / elasticityMultiplier;
        if (target == 0 || parentGasUsed == target) return parentBaseFee;
        if (parentGasUsed > target)
        {
            UInt256 delta = Scaled(parentBaseFee, parentGasUsed - target, target, changeDenominator);
            return UInt256.SaturatingAdd(parentBaseFee, delta.IsZero ? UInt256.One : delta);
        }
        return UInt256.SaturatingSubtract(parentBaseFee, Scaled(parentBaseFee, target - parentGasUsed, target, changeDenominator));
    }

    private static UInt256 Scaled(UInt256 baseFee, ulong gasDelta, ulong target, ulong denominator)
    {
        var product = baseFee.ToBigInteger() * gasDelta / target / denominator;
        return UInt256.FromBigIntegerWrapping(product > UInt256.MaxValue.ToBigInteger() ? UInt256.MaxValue.ToBigInteger() : product);
    }
}
