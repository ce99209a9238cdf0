using Contracts.Execution.ChainSpecs;
using Contracts.GasMetering;

namespace Contracts.Execution.Tests.Processing;

/// <summary>
/// Whether a SIMD contract deploys is the rule set's <c>simd</c> flag, from its activation block on: refused before,
/// accepted and run (metered with the SIMD prices of schedule version 3) after.
/// </summary>
public sealed class SimdRuleTests
{
    private const ulong SimdFromBlock = 10;

    private static readonly ChainSpec Spec = ChainSpecReader.Parse($$"""
        {
          "name": "simd-fork", "chainId": 31337, "genesis": {},
          "rules": [
            { "name": "genesis", "fromBlock": 0, "gasSchedule": 2, "simd": false },
            { "name": "simd", "fromBlock": {{SimdFromBlock}}, "gasSchedule": 3, "simd": true }
          ]
        }
        """);

    /// <summary>Eight words 1..8 (little-endian): the contract sums them four lanes at a time.</summary>
    private static byte[] Words() => Enumerable.Range(1, 8).SelectMany(i => BitConverter.GetBytes(i)).ToArray();

    [Fact]
    public void Before_the_activation_block_a_simd_contract_is_refused_at_deploy()
    {
        var chain = new TestChain(spec: Spec);
        Assert.False(chain.Rules.SimdAllowed);
        var result = chain.Send(null, TestChain.Contract("simd_sum"));
        Assert.False(result.Succeeded);
        Assert.Contains("simd", result.Message);
        // A scalar contract deploys as before.
        chain.Deploy("counter");
    }

    [Fact]
    public void From_the_activation_block_a_simd_contract_deploys_and_runs_metered()
    {
        var chain = new TestChain(spec: Spec);
        chain.Block = chain.Block with { Number = SimdFromBlock };
        Assert.True(chain.Rules.SimdAllowed);
        Assert.Same(GasSchedule.Version3, chain.Rules.Schedule);
        var contract = chain.Deploy("simd_sum");

        var result = chain.Send(contract, Words());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(36, BitConverter.ToInt32(result.ReturnData.Span));
        // Cheaper input gets cheaper: the loop's SIMD blocks are charged per chunk.
        var shorter = chain.Send(contract, Words()[..16]);
        Assert.Equal(10, BitConverter.ToInt32(shorter.ReturnData.Span));
        Assert.True(shorter.GasUsed < result.GasUsed, $"{shorter.GasUsed} < {result.GasUsed}");
    }

    [Fact]
    public void The_rule_sets_validation_limits_follow_the_simd_flag()
    {
        Assert.False(Spec.RulesAt(SimdFromBlock - 1).ValidationLimits.AllowSimd);
        Assert.True(Spec.RulesAt(SimdFromBlock).ValidationLimits.AllowSimd);
        Assert.True(Spec.RulesAt(SimdFromBlock).Instrumentation.Limits.AllowSimd);
        // Everything but the flag is the contract profile.
        Assert.Equal(Contracts.Engine.Loading.ValidationLimits.Contract, Spec.RulesAt(SimdFromBlock).ValidationLimits with { AllowSimd = false });
    }
}
