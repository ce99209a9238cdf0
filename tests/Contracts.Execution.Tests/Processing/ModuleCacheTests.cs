using Contracts.Execution.Deployment;

namespace Contracts.Execution.Tests.Processing;

public sealed class ModuleCacheTests
{
    [Fact]
    public void A_failed_load_is_cached_as_its_error()
    {
        var cache = new ModuleCache(4);
        int loads = 0;
        ContractModule Fail() { loads++; throw new DeploymentException("bad module"); }
        Assert.Equal("bad module", Assert.Throws<DeploymentException>(() => cache.GetOrLoad("k", Fail)).Message);
        Assert.Equal("bad module", Assert.Throws<DeploymentException>(() => cache.GetOrLoad("k", Fail)).Message);
        Assert.Equal(1, loads);
    }

    [Fact]
    public void The_least_recently_used_entry_is_evicted_at_capacity()
    {
        var cache = new ModuleCache(2);
        var loads = new List<string>();
        ContractModule Load(string key) { loads.Add(key); throw new DeploymentException(key); }
        void Touch(string key) => Assert.Throws<DeploymentException>(() => cache.GetOrLoad(key, () => Load(key)));
        Touch("a");
        Touch("b");
        Touch("a"); // a is now the most recent
        Touch("c"); // evicts b
        Assert.Equal(2, cache.Count);
        Touch("a");
        Touch("b");
        Assert.Equal(["a", "b", "c", "b"], loads);
    }

    [Fact]
    public void Concurrent_transactions_share_the_cache_safely()
    {
        var cache = new ModuleCache(8);
        var chains = Enumerable.Range(0, 4).Select(_ => new TestChain(cache)).ToArray();
        Parallel.ForEach(chains, chain =>
        {
            var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(1)));
            for (int i = 0; i < 5; i++) Assert.True(chain.Send(counter, []).Succeeded);
            Assert.Equal((Contracts.State.Primitives.UInt256)6, chain.Slot(counter, 0));
        });
        Assert.True(cache.Count >= 1);
    }
}
