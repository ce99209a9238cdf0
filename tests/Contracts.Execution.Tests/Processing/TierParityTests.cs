using Contracts.Engine;
using Contracts.Execution.Deployment;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Processing;

/// <summary>
/// Which engine tier runs contracts is the node's own choice (<see cref="ModuleCache"/>): the same transactions give
/// the same results, gas, return data, logs, trap messages (function and offset) and state root on the interpreter,
/// on the compiled tier and tiered (each contract compiled after its first call: its gas reached the tier-up fuel).
/// </summary>
public sealed class TierParityTests
{
    [Fact]
    public void Every_tier_gives_the_same_receipts_and_state_root()
    {
        var interpreted = Scenario(new ModuleCache(tier: ExecutionTier.Interpreter));
        var compiled = Scenario(new ModuleCache(tier: ExecutionTier.Compiled));
        var tiered = Scenario(new ModuleCache(tier: ExecutionTier.Tiered, tierUpFuel: 1));

        Assert.Equal(interpreted.Receipts, compiled.Receipts);
        Assert.Equal(interpreted.Receipts, tiered.Receipts);
        Assert.Equal(interpreted.Root, compiled.Root);
        Assert.Equal(interpreted.Root, tiered.Root);
        // The scenario reaches what a tier could get wrong: a trap with its location, out of gas, the depth limit.
        Assert.Contains(interpreted.Receipts, r => r.Contains(nameof(ExecutionFailure.OutOfGas)));
        Assert.Contains(interpreted.Receipts, r => r.Contains("divide"));
    }

    private static (List<string> Receipts, Hash256 Root) Scenario(ModuleCache cache)
    {
        var receipts = new List<string>();
        Hash256 root = default;
        Exception? error = null;
        // 1 MiB: the smallest thread stack the node runs contracts on (the recursive contract goes to the depth limit).
        var thread = new Thread(() =>
        {
            try { Run(); }
            catch (Exception e) { error = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
        return (receipts, root);

        void Run()
        {
            var chain = new TestChain(cache);
            void Record(ExecutionResult result) => receipts.Add(
                $"{result.Failure} gas {result.GasUsed} refund {result.GasRefunded} return {Convert.ToHexString(result.ReturnData.Span)} "
                + $"logs {string.Join(",", result.Logs.Select(l => Convert.ToHexString(l.Data.Span)))} {result.Message}");

            var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5)));
            for (int i = 0; i < 20; i++) Record(chain.Send(counter, []));
            var trapper = chain.Deploy("trapper");
            for (int i = 0; i < 8; i++) Record(chain.Send(trapper, []));
            var looper = chain.Deploy("looper");
            for (int i = 0; i < 6; i++) Record(chain.Send(looper, [], gas: 200_000 + (ulong)i * 7_919));
            var grower = chain.Deploy("grower");
            for (int i = 0; i < 6; i++) Record(chain.Send(grower, []));
            var recursive = chain.Deploy("recursive");
            Record(chain.Send(recursive, [], gas: 29_000_000));
            root = chain.State.Commit();
        }
    }
}
