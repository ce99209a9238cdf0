using System.Diagnostics;
using Contracts.Chain.Replay;
using Contracts.Chain.Transactions;
using Contracts.Execution.Blocks;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.Chain.Benchmarks;

/// <summary>What one store's run measured.</summary>
public sealed record BlockBenchmarkResult(
    string Store, int Blocks, int TransfersPerBlock,
    TimeSpan ChainExecute, TimeSpan ChainCommit, TimeSpan Recovery,
    TimeSpan ReferenceExecute, TimeSpan ReferenceCommit,
    ReplayReport ReplaySerial, ReplayReport ReplayParallel, ulong GasPerTransfer,
    long ChainAllocatedBytes, long ReferenceAllocatedBytes, int ChainGen2Collections)
{
    public long Transfers => (long)Blocks * TransfersPerBlock;

    public double ChainTransfersPerSecond => Transfers / (ChainExecute + ChainCommit).TotalSeconds;

    public double ReferenceTransfersPerSecond => Transfers / (ReferenceExecute + ReferenceCommit).TotalSeconds;

    public long ChainBytesPerTransfer => ChainAllocatedBytes / Transfers;

    public long ReferenceBytesPerTransfer => ReferenceAllocatedBytes / Transfers;
}

/// <summary>
/// One store's run: the token chain's transfer blocks through <see cref="Blockchain.ExecuteBlock"/> and
/// <see cref="Blockchain.Commit"/> (senders recovered inside the call, from freshly decoded transactions), then the
/// same transactions through <see cref="Contracts.Execution.Processing.TransactionExecutor"/> alone on a second
/// store (senders given, one state commit per block, no receipts, roots or block records) — the reference — and
/// the chain's measured blocks replayed by <see cref="ChainReplayer"/> on one thread and on every core.
/// </summary>
public static class BlockBenchmark
{
    public static BlockBenchmarkResult Run(string storeKind, TokenWorkload workload, int warmupBlocks, int measuredBlocks, string scratch)
    {
        using var chainStore = OpenStore(storeKind, scratch, "chain");
        using var chain = Blockchain.Open(workload.Spec, chainStore.Store);
        var parentRoots = new List<Hash256>();
        var contexts = new List<BlockContext>();
        var measuredSenders = new List<IReadOnlyList<Address>>();
        var measuredTransactions = new List<SignedTransaction[]>();
        var expectedRoots = new List<Hash256>();

        Produce(chain, workload.DeployBlock());
        Produce(chain, workload.FundingBlock());
        for (int round = 0; round < warmupBlocks; round++) Produce(chain, TokenWorkload.Decode(workload.TransferBlock(round)));

        var encodedBlocks = Enumerable.Range(warmupBlocks, measuredBlocks).Select(workload.TransferBlock).ToArray();
        var decodedBlocks = encodedBlocks.Select(TokenWorkload.Decode).ToArray();
        // Recovery alone, on copies decoded apart from the measured ones (whose senders must still be unknown).
        var recoveryCopies = encodedBlocks.Select(TokenWorkload.Decode).ToArray();
        Collect();
        var recovery = Stopwatch.StartNew();
        foreach (var block in recoveryCopies) SenderRecovery.RecoverAll(block);
        recovery.Stop();

        var execute = new Stopwatch();
        var commit = new Stopwatch();
        ulong firstMeasured = chain.Head.Number + 1;
        ulong gasPerTransfer = 0;
        Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen2Before = GC.CollectionCount(2);
        foreach (var transactions in decodedBlocks)
        {
            var parent = chain.Head;
            var context = chain.NextBlockContext(parent, parent.Timestamp + 12, TokenWorkload.Coinbase);
            execute.Start();
            var result = chain.ExecuteBlock(parent, context, transactions);
            execute.Stop();
            commit.Start();
            chain.Commit(result);
            commit.Stop();
            Check(result);
            gasPerTransfer = result.GasUsed / (ulong)transactions.Length;
            parentRoots.Add(parent.StateRoot);
            contexts.Add(context);
            measuredSenders.Add(result.Senders);
            measuredTransactions.Add(transactions);
            expectedRoots.Add(result.StateRoot);
        }
        ulong lastMeasured = chain.Head.Number;
        long chainAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        int gen2 = GC.CollectionCount(2) - gen2Before;

        var serial = new ChainReplayer(chain).Replay(firstMeasured, lastMeasured, new ReplayOptions { MaxDegreeOfParallelism = 1 });
        var parallel = new ChainReplayer(chain).Replay(firstMeasured, lastMeasured);
        if (!serial.Clean || !parallel.Clean) throw new InvalidOperationException($"replay diverged: {serial.Divergence ?? parallel.Divergence}");

        var (referenceExecute, referenceCommit, referenceAllocated) = RunReference(storeKind, workload, warmupBlocks, scratch, parentRoots, contexts, measuredTransactions, measuredSenders, expectedRoots);
        return new BlockBenchmarkResult(storeKind, measuredBlocks, workload.Senders, execute.Elapsed, commit.Elapsed, recovery.Elapsed,
            referenceExecute, referenceCommit, serial, parallel, gasPerTransfer, chainAllocated, referenceAllocated, gen2);
    }

    private static (TimeSpan Execute, TimeSpan Commit, long Allocated) RunReference(string storeKind, TokenWorkload workload, int warmupBlocks, string scratch,
        List<Hash256> parentRoots, List<BlockContext> contexts, List<SignedTransaction[]> blocks, List<IReadOnlyList<Address>> senders, List<Hash256> expectedRoots)
    {
        using var store = OpenStore(storeKind, scratch, "reference");
        // The same history up to the measured blocks, built by a chain on this store (the reference needs its state).
        using (var chain = Blockchain.Open(workload.Spec, store.Store))
        {
            Produce(chain, workload.DeployBlock());
            Produce(chain, workload.FundingBlock());
            for (int round = 0; round < warmupBlocks; round++) Produce(chain, TokenWorkload.Decode(workload.TransferBlock(round)));
            if (chain.Head.StateRoot != parentRoots[0]) throw new InvalidOperationException("the reference store's history differs from the chain's");
        }
        var executor = new Contracts.Execution.Processing.TransactionExecutor(workload.Spec);
        var transactions = blocks.Select((block, b) => block.Select((t, i) => t.ToTransaction(senders[b][i])).ToArray()).ToArray();
        var execute = new Stopwatch();
        var commit = new Stopwatch();
        Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (int b = 0; b < blocks.Count; b++)
        {
            execute.Start();
            var state = WorldState.OpenAt(store.Store, parentRoots[b]);
            foreach (var transaction in transactions[b])
            {
                var result = executor.Execute(state, contexts[b], transaction);
                if (!result.Succeeded) throw new InvalidOperationException($"reference transfer failed: {result.Failure} {result.Message}");
            }
            execute.Stop();
            commit.Start();
            var root = state.Commit();
            commit.Stop();
            if (root != expectedRoots[b]) throw new InvalidOperationException($"the reference reached state root {root} where the chain reached {expectedRoots[b]}");
        }
        return (execute.Elapsed, commit.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    private static void Produce(Blockchain chain, SignedTransaction[] transactions)
    {
        var parent = chain.Head;
        var result = chain.ExecuteBlock(parent, chain.NextBlockContext(parent, parent.Timestamp + 12, TokenWorkload.Coinbase), transactions);
        chain.Commit(result);
        Check(result);
    }

    private static void Check(BlockResult result)
    {
        for (int i = 0; i < result.Receipts.Count; i++)
            if (!result.Receipts[i].Succeeded)
                throw new InvalidOperationException($"block {result.Header.Number} transaction {i} failed: {result.Results[i].Failure} {result.Results[i].Message}");
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static OwnedStore OpenStore(string kind, string scratch, string name) => kind switch
    {
        "memory" => new OwnedStore(new MemoryStateStore(), null),
        "rocksdb" => OwnedStore.RocksDb(Path.Combine(scratch, name)),
        _ => throw new ArgumentException($"unknown store \"{kind}\" (memory or rocksdb)", nameof(kind)),
    };

    private sealed class OwnedStore(IStateStore store, string? directory) : IDisposable
    {
        public IStateStore Store { get; } = store;

        public static OwnedStore RocksDb(string directory)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            return new OwnedStore(RocksDbStateStore.Open(directory), directory);
        }

        public void Dispose()
        {
            Store.Dispose();
            if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
