using System.Globalization;
using Contracts.Chain.Transactions;
using Contracts.Engine;
using Contracts.Execution.Deployment;
using Contracts.Execution.Processing;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.Chain.Benchmarks;

/// <summary>
/// Where a block's CPU goes, part by part, in the executing thread's CPU time (which moves far less with the machine's
/// load than wall-clock time): the same transfer block, never committed, re-run on its parent state in rounds that
/// alternate the parts, so a change in load hits every part alike. Parts: sender recovery on one thread; the executor
/// alone on the interpreter and on the tiered default; the executor with the chain's per-transaction checkpoint and diff;
/// the state root of the block's changes; and the whole <see cref="Blockchain.ExecuteBlock"/> (its thread, its wall-clock time and the process).
/// </summary>
public static class PartsBenchmark
{
    public static void Run(string storeKind, TokenWorkload workload, int warmupBlocks, int rounds, string scratch, string? only = null, AllocationSampler? allocations = null)
    {
        IStateStore store = storeKind switch
        {
            "memory" => new MemoryStateStore(),
            "rocksdb" => RocksDbStateStore.Open(Path.Combine(scratch, "parts")),
            _ => throw new ArgumentException($"unknown store \"{storeKind}\" (memory or rocksdb)", nameof(storeKind)),
        };
        using var owned = store;
        using var chain = Blockchain.Open(workload.Spec, store);
        Produce(chain, workload.DeployBlock());
        Produce(chain, workload.FundingBlock());
        for (int round = 0; round < warmupBlocks; round++) Produce(chain, TokenWorkload.Decode(workload.TransferBlock(round)));
        var parent = chain.Head;
        var context = chain.NextBlockContext(parent, parent.Timestamp + 12, TokenWorkload.Coinbase);
        var encoded = workload.TransferBlock(warmupBlocks);
        var senders = SenderRecovery.RecoverAll(TokenWorkload.Decode(encoded));
        var given = TokenWorkload.Decode(encoded).Select((t, i) => t.ToTransaction(senders[i]!.Value)).ToArray();
        var executors = new Dictionary<string, TransactionExecutor>
        {
            ["interpreter"] = new(workload.Spec, new ModuleCache(tier: ExecutionTier.Interpreter)),
            ["tiered"] = chain.Executor,
        };
        int n = given.Length;
        var sample = chain.ExecuteBlock(parent, context, TokenWorkload.Decode(encoded));
        var parts = new (string Name, Func<double> Measure)[]
        {
            ("recovery, one thread", () => Cpu(() => SenderRecovery.RecoverAll(TokenWorkload.Decode(encoded), maxDegreeOfParallelism: 1)) / n),
            ("executor, interpreter", () => Cpu(() => ExecuteAll(executors["interpreter"], store, parent, context, given, diffs: false)) / n),
            ("executor, tiered", () => Cpu(() => ExecuteAll(executors["tiered"], store, parent, context, given, diffs: false)) / n),
            ("executor, tiered + checkpoint and diff", () => Cpu(() => ExecuteAll(executors["tiered"], store, parent, context, given, diffs: true)) / n),
            ("state root of the block's changes", () =>
            {
                var state = ExecuteAll(executors["tiered"], store, parent, context, given, diffs: false);
                return Cpu(() => state.ComputeRoot()) / n;
            }),
            ("transactions root", () => Cpu(() => Contracts.Chain.Blocks.BlockRoots.TransactionsRoot(sample.Transactions)) / n),
            ("receipts root", () => Cpu(() => Contracts.Chain.Blocks.BlockRoots.ReceiptsRoot(sample.Receipts)) / n),
            ("ExecuteBlock, executing thread", () => Cpu(() => chain.ExecuteBlock(parent, context, TokenWorkload.Decode(encoded))) / n),
            ("ExecuteBlock, executing thread, senders recovered ahead", () =>
            {
                var decoded = TokenWorkload.Decode(encoded);
                chain.RecoverSendersAhead(decoded);
                foreach (var transaction in decoded) SenderRecovery.TryRecover(transaction, out _);
                return Cpu(() => chain.ExecuteBlock(parent, context, decoded)) / n;
            }),
            ("ExecuteBlock, wall clock", () =>
            {
                var decoded = TokenWorkload.Decode(encoded);
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                chain.ExecuteBlock(parent, context, decoded);
                return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds / n;
            }),
            ("ExecuteBlock, whole process", () =>
            {
                var decoded = TokenWorkload.Decode(encoded);
                var before = Environment.CpuUsage.TotalTime;
                long bytes = GC.GetTotalAllocatedBytes(precise: true);
                chain.ExecuteBlock(parent, context, decoded);
                LastAllocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
                return (Environment.CpuUsage.TotalTime - before).TotalMicroseconds / n;
            }),
        };
        // --part NAME keeps the parts whose name starts with NAME: a profiler then samples only them.
        if (only is not null) parts = parts.Where(p => p.Name.StartsWith(only, StringComparison.Ordinal)).ToArray();
        var samples = parts.Select(_ => new List<double>()).ToArray();
        var allocated = new long[parts.Length];
        for (int round = 0; round < rounds + 1; round++)
        {
            if (round == 1) allocations?.Reset();
            for (int p = 0; p < parts.Length; p++)
            {
                double value = parts[p].Measure();
                if (round > 0) samples[p].Add(value); // round 0 warms every part's code
                allocated[p] = LastAllocated;
            }
        }
        Console.WriteLine($"| part ({storeKind}, {n} transfers, {rounds} rounds) | CPU µs/transfer, median | min | allocated B/transfer |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (int p = 0; p < parts.Length; p++)
        {
            var sorted = samples[p].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {parts[p].Name} | {sorted[sorted.Length / 2]:F1} | {sorted[0]:F1} | {allocated[p] / n:N0} |"));
        }
        allocations?.Print(25, (long)n * rounds);
    }

    private static WorldState ExecuteAll(TransactionExecutor executor, IStateStore store, Contracts.Chain.Blocks.BlockHeader parent,
        Contracts.Execution.Blocks.BlockContext context, Contracts.Execution.Transactions.Transaction[] transactions, bool diffs)
    {
        var state = WorldState.OpenAt(store, parent.StateRoot);
        foreach (var transaction in transactions)
        {
            int checkpoint = diffs ? state.Checkpoint() : 0;
            var outcome = executor.Execute(state, context, transaction);
            if (!outcome.Succeeded) throw new InvalidOperationException($"transfer failed: {outcome.Failure} {outcome.Message}");
            if (diffs)
            {
                state.ChangesSince(checkpoint);
                state.Release(checkpoint);
            }
        }
        return state;
    }

    private static double Cpu(Action action)
    {
        var before = ThreadCpu();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        action();
        var cpu = (ThreadCpu() - before).TotalMicroseconds;
        LastAllocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return cpu;
    }

    /// <summary>Bytes the last <see cref="Cpu"/> measurement's thread allocated.</summary>
    [ThreadStatic] private static long LastAllocated;

    private static void Produce(Blockchain chain, SignedTransaction[] transactions)
    {
        var parent = chain.Head;
        chain.Commit(chain.ExecuteBlock(parent, chain.NextBlockContext(parent, parent.Timestamp + 12, TokenWorkload.Coinbase), transactions));
    }

    /// <summary>The calling thread's CPU time (the gas calibration's clock: Linux's per-thread clock, else the process's).</summary>
    private static TimeSpan ThreadCpu() => TimeSpan.FromTicks(Contracts.GasMetering.Calibration.CpuTime.ThreadNanoseconds() / 100);
}
