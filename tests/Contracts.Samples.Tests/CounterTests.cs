using System.Numerics;
using Contracts.Execution.Results;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>The smallest sample (node-adapter/samples/counter).</summary>
public sealed class CounterTests
{
    [Fact]
    public void Increment_and_add_count_up_and_announce_who_did_it()
    {
        var chain = new SampleChain();
        var counter = chain.Deploy("counter", Alice);
        Assert.Equal(BigInteger.Zero, counter.ReadInteger("get"));

        Assert.Equal([BigInteger.One], counter.Invoke(Alice, "increment"));
        var result = counter.Send(Bob, "add", 41);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([new BigInteger(42)], counter.Abi.GetFunction("add").DecodeOutput(result.ReturnData.Span));
        var (name, values) = counter.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("Incremented", name);
        Assert.Equal([Bob, new BigInteger(42)], values);
        Assert.Equal(new BigInteger(42), counter.ReadInteger("get"));
    }

    [Fact]
    public void Overflow_reverts_with_a_reason_and_keeps_the_count()
    {
        var chain = new SampleChain();
        var counter = chain.Deploy("counter", Alice);
        counter.Invoke(Alice, "increment");
        var result = counter.Send(Alice, "add", (BigInteger.One << 256) - 1);
        Assert.Equal(ExecutionFailure.Reverted, result.Failure);
        Assert.Equal("counter overflow", counter.RevertReasonOf(result));
        Assert.Equal(BigInteger.One, counter.ReadInteger("get"));
    }
}
