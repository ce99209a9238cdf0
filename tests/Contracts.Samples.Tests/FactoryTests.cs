using System.Numerics;
using Contracts.Execution.Calls;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>The factory sample: CREATE2 creation of embedded counters, cross-contract calls, static calls, reverts.</summary>
public sealed class FactoryTests
{
    private static readonly byte[] Salt = Convert.FromHexString("00000000000000000000000000000000000000000000000000000000000000a1");

    [Fact]
    public void CreateCounter_deploys_the_counter_at_the_predicted_CREATE2_address()
    {
        var chain = new SampleChain();
        var factory = chain.Deploy("factory", Alice);
        var counterModule = Module("counter");

        var expected = ContractAddress.From2(factory.Address, Salt, counterModule);
        Assert.Equal(expected, factory.Read("predict", Salt)[0]);

        var result = factory.Send(Bob, "createCounter", Salt);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {factory.RevertReasonOf(result)}");
        Assert.Equal([expected], factory.Abi.GetFunction("createCounter").DecodeOutput(result.ReturnData.Span));
        Assert.Equal(counterModule, chain.State.GetCode(expected));
        Assert.Equal(1UL, chain.State.GetNonce(expected));
        var (name, values) = factory.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("Created", name);
        Assert.Equal(expected, values[0]);
        Assert.Equal(Salt, values[1]);
        Assert.Equal(BigInteger.One, factory.ReadInteger("children"));

        // The child is an ordinary contract: its embedded ABI drives it directly too.
        var child = chain.At(expected);
        Assert.Equal([BigInteger.One], child.Invoke(Carol, "increment"));
    }

    [Fact]
    public void The_same_salt_twice_fails_with_an_address_collision_and_changes_nothing()
    {
        var chain = new SampleChain();
        var factory = chain.Deploy("factory", Alice);
        Assert.True(factory.Send(Alice, "createCounter", Salt).Succeeded);
        var again = factory.Send(Alice, "createCounter", Salt);
        Assert.Equal(ExecutionFailure.Reverted, again.Failure);
        Assert.Equal("create failed", factory.RevertReasonOf(again));
        Assert.Equal(BigInteger.One, factory.ReadInteger("children"));
    }

    [Fact]
    public void AddTo_calls_the_child_which_sees_the_factory_as_its_caller()
    {
        var chain = new SampleChain();
        var factory = chain.Deploy("factory", Alice);
        var child = (Address)factory.Invoke(Alice, "createCounter", Salt)[0]!;

        var result = factory.Send(Bob, "addTo", child, 5);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Message} {factory.RevertReasonOf(result)}");
        Assert.Equal([new BigInteger(5)], factory.Abi.GetFunction("addTo").DecodeOutput(result.ReturnData.Span));
        Assert.Equal(new BigInteger(5), factory.ReadInteger("countOf", child));

        var counter = chain.At(child);
        var (name, values) = counter.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("Incremented", name);
        Assert.Equal([factory.Address, new BigInteger(5)], values);
    }

    [Fact]
    public void A_childs_revert_reason_reaches_the_transaction_and_undoes_the_call()
    {
        var chain = new SampleChain();
        var factory = chain.Deploy("factory", Alice);
        var child = (Address)factory.Invoke(Alice, "createCounter", Salt)[0]!;
        factory.Invoke(Alice, "addTo", child, 1);

        var overflow = factory.Send(Alice, "addTo", child, (BigInteger.One << 256) - 1);
        Assert.Equal(ExecutionFailure.Reverted, overflow.Failure);
        Assert.Equal("counter overflow", factory.RevertReasonOf(overflow));
        Assert.Equal(BigInteger.One, factory.ReadInteger("countOf", child));
    }

    [Fact]
    public void A_write_through_a_static_call_fails_and_the_factory_reverts()
    {
        var chain = new SampleChain();
        var factory = chain.Deploy("factory", Alice);
        var child = (Address)factory.Invoke(Alice, "createCounter", Salt)[0]!;

        var result = factory.Send(Alice, "addStatically", child);
        Assert.Equal(ExecutionFailure.Reverted, result.Failure);
        Assert.Equal("call failed", factory.RevertReasonOf(result));
        Assert.Equal(BigInteger.Zero, factory.ReadInteger("countOf", child));
    }
}
