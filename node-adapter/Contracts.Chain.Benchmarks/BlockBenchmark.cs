using System.Diagnostics;
using Contracts.Chain.Replay;
using Contracts.Chain.Transactions;
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
    long ChainAllocatedBytes, long ReferenceAllocatedBytes, int ChainGen2Collections,
    TimeSpan ChainCpu, TimeSpan ChainThreadCpu, TimeSpan ReferenceCpu, TimeSpan RecoveryCpu)
{
    public long Transfers => (long)Blocks * TransfersPerBlock;

    public double ChainTransfersPerSecond => Transfers / (ChainExecute + ChainCommit).TotalSeconds;

    public double ReferenceTransfersPerSecond => Transfers / (ReferenceExecute + ReferenceCommit).TotalSeconds;

    public long ChainBytesPerTransfer => ChainAllocatedBytes / Transfers;

    public long ReferenceBytesPerTransfer => ReferenceAllocatedBytes / Transfers;

    /// <summary>
    /// The process's CPU time (every thread: recovery workers, root tasks, GC) per transfer: unlike wall-clock rates it
    /// barely moves with the machine's load, and two cores' worth of it per second is the most a quiet machine gives.
    /// </summary>
    public double ChainCpuMicrosecondsPerTransfer => ChainCpu.TotalMicroseconds / Transfers;

    /// <summary>
    /// The CPU time of the thread that calls ExecuteBlock and Commit, per transfer: the serial part. On two idle cores a
    /// block takes at least the larger of this and half the process's CPU time.
    /// </summary>
    public double ChainThreadCpuMicrosecondsPerTransfer => ChainThreadCpu.TotalMicroseconds / Transfers;

    public double ReferenceCpuMicrosecondsPerTransfer => ReferenceCpu.TotalMicroseconds / Transfers;

    public double RecoveryCpuMicrosecondsPerTransfer => RecoveryCpu.TotalMicroseconds / Transfers;
}

/// <summary>
/// One store's run: the token chain's transfer blocks through <see cref="Blockchain.ExecuteBlock"/> and
/// <see cref="Blockchain.Commit"/> (senders recovered inside the call, from freshly decoded transactions), each
/// followed by the same transactions through <see cref="Contracts.Execution.Processing.TransactionExecutor"/> alone
/// on a second store with the same history (senders given, one state commit per block, no receipts, roots or block
/// records) — the reference, whose state roots must equal the chain's — and then the chain's measured blocks
/// replayed by <see cref="ChainReplayer"/> on one thread and on every core.
/// </summary>
public static class BlockBenchmark
{
    public static BlockBenchmarkResult Run(string storeKind, TokenWorkload workload, int warmupBlocks, int measuredBlocks, string scratch,
        Contracts.Engine.ExecutionTier tier = Contracts.Engine.ExecutionTier.Tiered, bool sendersAhead = false)
    {
        using var chainStore = OpenStore(storeKind, scratch, "chain");
        // The reference stores each block with one synced commit, whatever the chain's store does.
        using var referenceStore = OpenStore(storeKind == "rocksdb" ? "rocksdb-sync" : storeKind, scratch, "reference");
        using var chain = Blockchain.Open(workload.Spec, chainStore.Store, modules: new Contracts.Execution.Deployment.ModuleCache(tier: tier));
        // The reference's store gets the same history from a chain of its own; its measured blocks bypass the chain.
        Hash256 referenceRoot;
        using (var referenceChain = Blockchain.Open(workload.Spec, referenceStore.Store, modules: new Contracts.Execution.Deployment.ModuleCache(tier: tier)))
        {
            foreach (var c in new[] { chain, referenceChain })
            {
                Produce(c, workload.DeployBlock());
                Produce(c, workload.FundingBlock());
                for (int round = 0; round < warmupBlocks; round++) Produce(c, TokenWorkload.Decode(workload.TransferBlock(round)));
            }
            referenceRoot = referenceChain.Head.StateRoot;
        }
        if (referenceRoot != chain.Head.StateRoot) throw new InvalidOperationException("the reference store's history differs from the chain's");
        var executor = new Contracts.Execution.Processing.TransactionExecutor(workload.Spec, new Contracts.Execution.Deployment.ModuleCache(tier: tier));

        var encodedBlocks = Enumerable.Range(warmupBlocks, measuredBlocks).Select(workload.TransferBlock).ToArray();
        var decodedBlocks = encodedBlocks.Select(TokenWorkload.Decode).ToArray();
        // Recovery alone, on copies decoded apart from the measured ones (whose senders must still be unknown).
        var recoveryCopies = encodedBlocks.Select(TokenWorkload.Decode).ToArray();
        Collect();
        var recoveryCpuBefore = Environment.CpuUsage.TotalTime;
        var recovery = Stopwatch.StartNew();
        foreach (var block in recoveryCopies) SenderRecovery.RecoverAll(block);
        recovery.Stop();
        var recoveryCpu = Environment.CpuUsage.TotalTime - recoveryCpuBefore;

        // Chain and reference alternate block by block, so a change in the machine's load hits both alike. A chain
        // store that writes behind is measured as a node runs it instead: its blocks back to back (each block executes
        // while the previous one's write finishes), then one flush for the last block's write, counted as commit time,
        // then the reference's blocks (which must not run beside the chain's writes).
        bool pipelined = chainStore.Store is RocksDbStateStore { WritesBehind: true };
        var referenceBlocks = new List<(Contracts.Execution.Blocks.BlockContext Context, Contracts.Execution.Transactions.Transaction[] Given, Hash256 StateRoot)>();
        var execute = new Stopwatch();
        var commit = new Stopwatch();
        var referenceExecute = new Stopwatch();
        var referenceCommit = new Stopwatch();
        long chainAllocated = 0, referenceAllocated = 0;
        TimeSpan chainCpu = TimeSpan.Zero, chainThreadCpu = TimeSpan.Zero, referenceCpu = TimeSpan.Zero;
        ulong firstMeasured = chain.Head.Number + 1;
        ulong gasPerTransfer = 0;
        Collect();
        int gen2Before = GC.CollectionCount(2);
        for (int b = 0; b < decodedBlocks.Length; b++)
        {
            var transactions = decodedBlocks[b];
            var parent = chain.Head;
            var context = chain.NextBlockContext(parent, parent.Timestamp + 12, TokenWorkload.Coinbase);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var threadCpuBefore = ThreadCpu();
            execute.Start();
            var result = chain.ExecuteBlock(parent, context, transactions);
            execute.Stop();
            commit.Start();
            if (sendersAhead && b + 1 < decodedBlocks.Length)
            {
                // A node's loop: the next block's senders are recovered on the other core while this one commits. What
                // is left of that recovery when the commit returns is finished here, inside the timed span, so the
                // reference that runs next never shares a core with it.
                var next = decodedBlocks[b + 1];
                chain.RecoverSendersAhead(next);
                chain.Commit(result);
                foreach (var transaction in next) SenderRecovery.TryRecover(transaction, out _);
            }
            else
            {
                chain.Commit(result);
            }
            commit.Stop();
            chainThreadCpu += ThreadCpu() - threadCpuBefore;
            chainCpu += Environment.CpuUsage.TotalTime - cpuBefore;
            chainAllocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Check(result);
            gasPerTransfer = result.GasUsed / (ulong)transactions.Length;

            var given = transactions.Select((t, i) => t.ToTransaction(result.Senders[i])).ToArray();
            if (pipelined) referenceBlocks.Add((context, given, result.StateRoot));
            else RunReference(context, given, result.StateRoot);
        }
        if (pipelined)
        {
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var threadCpuBefore = ThreadCpu();
            commit.Start();
            chain.Flush();
            commit.Stop();
            chainThreadCpu += ThreadCpu() - threadCpuBefore;
            chainCpu += Environment.CpuUsage.TotalTime - cpuBefore;
            chainAllocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            foreach (var (context, given, stateRoot) in referenceBlocks) RunReference(context, given, stateRoot);
        }

        void RunReference(Contracts.Execution.Blocks.BlockContext context, Contracts.Execution.Transactions.Transaction[] given, Hash256 chainRoot)
        {
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            referenceExecute.Start();
            var state = WorldState.OpenAt(referenceStore.Store, referenceRoot);
            foreach (var transaction in given)
            {
                var outcome = executor.Execute(state, context, transaction);
                if (!outcome.Succeeded) throw new InvalidOperationException($"reference transfer failed: {outcome.Failure} {outcome.Message}");
            }
            referenceExecute.Stop();
            referenceCommit.Start();
            referenceRoot = state.Commit();
            referenceCommit.Stop();
            referenceCpu += Environment.CpuUsage.TotalTime - cpuBefore;
            referenceAllocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            if (referenceRoot != chainRoot) throw new InvalidOperationException($"the reference reached state root {referenceRoot} where the chain reached {chainRoot}");
        }
        ulong lastMeasured = chain.Head.Number;
        int gen2 = GC.CollectionCount(2) - gen2Before;

        var serial = new ChainReplayer(chain).Replay(firstMeasured, lastMeasured, new ReplayOptions { MaxDegreeOfParallelism = 1 });
        var parallel = new ChainReplayer(chain).Replay(firstMeasured, lastMeasured);
        if (!serial.Clean || !parallel.Clean) throw new InvalidOperationException($"replay diverged: {serial.Divergence ?? parallel.Divergence}");

        return new BlockBenchmarkResult(storeKind, measuredBlocks, workload.Senders, execute.Elapsed, commit.Elapsed, recovery.Elapsed,
            referenceExecute.Elapsed, referenceCommit.Elapsed, serial, parallel, gasPerTransfer, chainAllocated, referenceAllocated, gen2,
            chainCpu, chainThreadCpu, referenceCpu, recoveryCpu);
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
        // As Blockchain.Open(dataDirectory) opens it: writing behind.
        "rocksdb" => OwnedStore.RocksDb(Path.Combine(scratch, name), writeBehind: true),
        // Each commit synced before it returns (the chain's store before write-behind; the reference's always).
        "rocksdb-sync" => OwnedStore.RocksDb(Path.Combine(scratch, name), writeBehind: false),
        _ => throw new ArgumentException($"unknown store \"{kind}\" (memory, rocksdb or rocksdb-sync)", nameof(kind)),
    };

    private sealed class OwnedStore(IStateStore store, string? directory) : IDisposable
    {
        public IStateStore Store { get; } = store;

        public static OwnedStore RocksDb(string directory, bool writeBehind)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            return new OwnedStore(RocksDbStateStore.Open(directory, new RocksDbStateStoreOptions { WriteBehind = writeBehind }), directory);
        }

        public void Dispose()
        {
            Store.Dispose();
            if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The calling thread's CPU time (the gas calibration's clock: Linux's per-thread clock, else the process's).</summary>
    private static TimeSpan ThreadCpu() => TimeSpan.FromTicks(Contracts.GasMetering.Calibration.CpuTime.ThreadNanoseconds() / 100);
}
