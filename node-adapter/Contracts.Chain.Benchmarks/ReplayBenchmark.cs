using System.Diagnostics;
using System.Globalization;
using Contracts.Chain.Replay;
using Contracts.State.Storage;

namespace Contracts.Chain.Benchmarks;

/// <summary>
/// Replay over a longer chain than <c>quick</c>'s few measured blocks: the token chain (deploy, funding, then
/// <c>--blocks</c> blocks of transfers, 100 by default) is built once on one store, with no reference run, and then
/// replayed whole by <see cref="ChainReplayer"/> on one thread and on every core, each timed with the process's CPU.
/// Building it times ExecuteBlock + Commit over the same blocks, so the chain's rate over a growing store comes free.
/// <c>--rounds N</c> replays N times each way; a divergence is printed (and the exit code is 1) instead of stopping.
/// </summary>
public static class ReplayBenchmark
{
    public static bool Run(string storeKind, TokenWorkload workload, int blocks, string scratch, Contracts.Engine.ExecutionTier tier, int rounds = 1)
    {
        IStateStore store = storeKind switch
        {
            "memory" => new MemoryStateStore(),
            "rocksdb" => RocksDbStateStore.Open(Path.Combine(scratch, "replay")),
            _ => throw new ArgumentException($"unknown store \"{storeKind}\" (memory or rocksdb)", nameof(storeKind)),
        };
        using var owned = store;
        using var chain = Blockchain.Open(workload.Spec, store, modules: new Contracts.Execution.Deployment.ModuleCache(tier: tier));
        Produce(chain, workload.DeployBlock());
        Produce(chain, workload.FundingBlock());
        ulong first = chain.Head.Number + 1;
        var build = new Stopwatch();
        for (int round = 0; round < blocks; round++)
        {
            var transactions = TokenWorkload.Decode(workload.TransferBlock(round)); // signing is not timed
            build.Start();
            Produce(chain, transactions);
            build.Stop();
        }
        ulong last = chain.Head.Number;
        long transfers = (long)blocks * workload.Senders;

        Console.WriteLine($"| store | blocks | chain transfers/s while building (ExecuteBlock + Commit) | replay | blocks/s | transactions/s | CPU ms/block |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
        bool clean = true;
        var replays = Enumerable.Range(0, rounds).SelectMany(_ => new[] { ("one thread", 1), ("every core", -1) });
        foreach (var (name, parallelism) in replays)
        {
            GC.Collect();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var report = new ChainReplayer(chain).Replay(first, last, new ReplayOptions { MaxDegreeOfParallelism = parallelism });
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            if (!report.Clean)
            {
                // A replay of the blocks just built must agree with them: a divergence here is a determinism bug.
                Console.WriteLine($"| {storeKind} | {report.BlocksVerified} | | {name} | DIVERGED: {report.Divergence} | | |");
                clean = false;
                continue;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {storeKind} | {report.BlocksVerified} | {transfers / build.Elapsed.TotalSeconds:N0} | {name} | {report.BlocksPerSecond:F1} | {report.TransactionsPerSecond:N0} | {cpu.TotalMilliseconds / report.BlocksVerified:F1} |"));
        }
        return clean;
    }

    private static void Produce(Blockchain chain, Contracts.Chain.Transactions.SignedTransaction[] transactions)
    {
        var parent = chain.Head;
        chain.Commit(chain.ExecuteBlock(parent, chain.NextBlockContext(parent, parent.Timestamp + 12, TokenWorkload.Coinbase), transactions));
    }
}
