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
}
