using Contracts.Execution.Deployment;

namespace Contracts.Execution.Tests.Processing;

/// <summary>Frames reuse pooled instances; each call must still see a fresh nanoprocess.</summary>
public sealed class InstancePoolingTests
{
    [Fact]
    public void Every_call_sees_a_fresh_instance_though_instances_are_reused()
    {
        var chain = new TestChain();
        var contract = chain.Deploy("scratch");
        for (int i = 0; i < 3; i++)
        {
            var result = chain.Send(contract, []);
            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(new byte[] { 6, 2, 1 }, result.ReturnData.ToArray());
        }
    }

    [Fact]
    public void Gas_of_a_call_is_the_same_cold_and_warm()
    {
        var chain = new TestChain();
        var contract = chain.Deploy("scratch");
        var cold = chain.Send(contract, []);
        var warm = chain.Send(contract, []);
        Assert.Equal(cold.GasUsed, warm.GasUsed);
    }

    [Fact]
    public void A_frame_reads_nothing_of_its_instance_once_another_frame_may_have_rented_it()
    {
        var cache = new ModuleCache(tier: Contracts.Engine.ExecutionTier.Interpreter);
        var chain = new TestChain(cache);
        var contract = chain.Deploy("scratch");
        var expected = chain.Send(contract, []);
        Assert.True(expected.Succeeded, expected.Message);

        // Another thread's frame renting the instance as soon as it is returned sets its store's fuel to its own gas.
        var module = cache.TryGet(chain.State.GetCodeHash(contract), ContractRuntime.KeyOf(chain.Rules));
        Assert.NotNull(module);
        module.AfterReturn = instance => instance.Store.Fuel = 123_456;
        var raced = chain.Send(contract, []);

        Assert.True(raced.Succeeded, raced.Message);
        Assert.Equal(expected.GasUsed, raced.GasUsed);
        Assert.Equal(expected.ReturnData.ToArray(), raced.ReturnData.ToArray());
    }
}
