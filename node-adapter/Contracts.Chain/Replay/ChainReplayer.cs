using System.Collections.Concurrent;
using System.Diagnostics;
using Contracts.Chain.Blocks;
using Contracts.Chain.Storage;
using Contracts.Chain.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.Chain.Replay;

/// <summary>
/// Re-executes a chain's stored blocks on their parents' states and checks every recorded fact: each
/// transaction's sender and identity, its receipt (status, gas used, cumulative gas, failure kind, contract
/// address, effective gas price, every log), its state diff (every account field, storage slot and byte-string
/// key it wrote) and then the block's derived header fields (gas used, bloom, transactions and receipts roots,
/// state root, hash). The first difference, in chain order, is reported with both values.
/// </summary>
/// <remarks>
/// The store keeps every committed state (an archive), so each block's parent state is known and blocks are
/// verified in parallel; senders are recovered in parallel within each block. The result does not depend on the
/// thread count: the divergence reported is always the lowest block's, and within it the first transaction's.
/// Senders are recovered from the stored encodings, never taken from the stored sender list, so a transaction
/// changed after it was signed shows up.
/// </remarks>
public sealed class ChainReplayer
{
    private readonly Blockchain _chain;

    public ChainReplayer(Blockchain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _chain = chain;
    }

    /// <summary>Replays canonical blocks <paramref name="from"/>..<paramref name="to"/> (inclusive; block 0 is the genesis, checked against the chain spec).</summary>
    public ReplayReport Replay(ulong from, ulong to, ReplayOptions? options = null)
    {
        options ??= new ReplayOptions();
        if (from > to) throw new ArgumentException($"the range {from}..{to} is empty", nameof(from));
        var clock = Stopwatch.StartNew();
        long total = checked((long)(to - from + 1));
        long done = 0, transactions = 0;
        var progressLock = new object();
        var divergences = new ConcurrentBag<ReplayDivergence>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = options.CancellationToken };

        var loop = Parallel.For((long)from, (long)to + 1, parallel, (number, state) =>
        {
            if (state.ShouldExitCurrentIteration && state.LowestBreakIteration < number) return;
            var (divergence, count) = VerifyBlock((ulong)number, options.MaxDegreeOfParallelism);
            if (divergence is not null)
            {
                divergences.Add(divergence);
                state.Break();
                return;
            }
            Interlocked.Add(ref transactions, count);
            long completed = Interlocked.Increment(ref done);
            if (options.Progress is { } progress)
            {
                lock (progressLock) progress.Report(new ReplayProgress(completed, total, Interlocked.Read(ref transactions), clock.Elapsed));
            }
        });

        var first = divergences.MinBy(d => d.BlockNumber);
        // Blocks above a divergence may have been verified too; only those below it count.
        long verified = first is null ? total : checked((long)(first.BlockNumber - from));
        long verifiedTransactions = first is null ? transactions : CountTransactions(from, first.BlockNumber);
        clock.Stop();
        return new ReplayReport(from, to, verified, verifiedTransactions, clock.Elapsed, first);
    }

    /// <summary>Replays canonical block <paramref name="number"/> alone: its first divergence, or null.</summary>
    public ReplayDivergence? VerifyBlock(ulong number) => VerifyBlock(number, -1).Divergence;

    private (ReplayDivergence? Divergence, int Transactions) VerifyBlock(ulong number, int parallelism)
    {
        if (_chain.CanonicalHash(number) is not { } hash)
            return (new ReplayDivergence(number, Hash256.Zero, null, null, "block", "missing from the canonical index", "-"), 0);
        ReplayDivergence BlockLevel(string field, string recorded, string replayed) => new(number, hash, null, null, field, recorded, replayed);

        var stored = _chain.ReadStoredBlock(hash);
        var outcomes = _chain.ReadOutcomes(hash);
        if (stored is null) return (BlockLevel("block", "missing from the store", "-"), 0);
        if (outcomes is null) return (BlockLevel("receipts", "missing from the store", "-"), 0);
        BlockHeader header;
        try
        {
            header = BlockHeader.Decode(stored.Header);
        }
        catch (RlpException e)
        {
            return (BlockLevel("header", "undecodable: " + e.Message, "-"), 0);
        }
        if (header.Hash != hash) return (BlockLevel("block hash", hash.ToString(), header.Hash + " (the stored header's hash)"), 0);
        if (header.Number != number) return (BlockLevel("number", number.ToString(), header.Number.ToString()), 0);

        if (number == 0)
        {
            // The genesis is not executed: it is the chain spec's allocation, rebuilt when the chain was opened.
            var genesis = _chain.Genesis;
            return (RecordComparison.Header(header, genesis) is { } g ? BlockLevel(g.Field, g.Recorded, g.Replayed + " (from the chain spec)") : null, 0);
        }

        if (_chain.CanonicalHash(number - 1) is not { } parentHash || parentHash != header.ParentHash)
            return (BlockLevel("parent hash", header.ParentHash.ToString(), _chain.CanonicalHash(number - 1)?.ToString() ?? "missing"), 0);
        var parent = _chain.GetHeaderByHash(parentHash)!;

        var transactions = new SignedTransaction[stored.Transactions.Length];
        for (int i = 0; i < transactions.Length; i++)
        {
            try
            {
                transactions[i] = TransactionEncoding.Decode(stored.Transactions[i]);
            }
            catch (RlpException e)
            {
                return (new ReplayDivergence(number, hash, i, null, "transaction", "undecodable: " + e.Message, "-"), 0);
            }
        }
        BlockResult result;
        try
        {
            // Building the block recovers the senders (on the other cores, beside execution) and remembers them.
            result = _chain.BuildBlockToCompare(parent, _chain.ContextOf(header), transactions, header.ExtraData);
        }
        catch (InvalidBlockException e)
        {
            return (BlockLevel("header", "valid", e.Message), 0);
        }
        var senders = SenderRecovery.RecoverAll(transactions, parallelism);

        int included = 0;
        for (int i = 0; i < transactions.Length; i++)
        {
            var transaction = transactions[i];
            ReplayDivergence AtTransaction(string field, string recorded, string replayed) => new(number, hash, i, transaction.Hash, field, recorded, replayed);

            var recordedSender = i < stored.Senders.Length ? new Address(stored.Senders[i]) : (Address?)null;
            if (senders[i] != recordedSender)
                return (AtTransaction("sender", recordedSender?.ToString() ?? "missing", senders[i]?.ToString() ?? SenderRecovery.InvalidSender), i);
            if (!_chain.IsIndexedAt(transaction.Hash, hash, i))
                return (AtTransaction("transaction", $"another transaction (this hash is not indexed at block {number} index {i}; header transactions root {header.TransactionsRoot})",
                    $"{transaction.Hash} (transactions root {BlockRoots.TransactionsRoot(transactions)})"), i);
            if (included < result.Transactions.Count && ReferenceEquals(result.Transactions[included], transaction))
            {
                if (i >= outcomes.Receipts.Length) return (AtTransaction("receipt", "missing", "present"), i);
                if (RecordComparison.Receipt(outcomes.Receipts[i], result.Receipts[included]) is { } r) return (AtTransaction(r.Field, r.Recorded, r.Replayed), i);
                if (i >= outcomes.Diffs.Length) return (AtTransaction("state diff", "missing", "present"), i);
                if (RecordComparison.Diff(StoredRecords.FromStored(outcomes.Diffs[i]), result.Diffs[included]) is { } d) return (AtTransaction(d.Field, d.Recorded, d.Replayed), i);
                included++;
            }
            else
            {
                var reason = result.Rejected.First(rejected => ReferenceEquals(rejected.Transaction, transaction)).Reason;
                return (AtTransaction("validity", "included", "could not apply: " + reason), i);
            }
        }
        if (outcomes.Receipts.Length != transactions.Length)
            return (BlockLevel("receipt count", outcomes.Receipts.Length.ToString(), transactions.Length.ToString()), transactions.Length);
        if (RecordComparison.Header(header, result.Header) is { } h) return (BlockLevel(h.Field, h.Recorded, h.Replayed), transactions.Length);
        return (null, transactions.Length);
    }

    private long CountTransactions(ulong from, ulong below)
    {
        long count = 0;
        for (ulong n = from; n < below; n++) count += _chain.CanonicalHash(n) is { } h && _chain.ReadStoredBlock(h) is { } b ? b.Transactions.Length : 0;
        return count;
    }
}
