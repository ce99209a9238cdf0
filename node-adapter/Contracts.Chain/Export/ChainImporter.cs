using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Contracts.Chain.Blocks;
using Contracts.Chain.Replay;
using Contracts.Chain.Transactions;

namespace Contracts.Chain.Export;

/// <summary>
/// Imports blocks (from a <see cref="BlockFile"/> or a peer) into a chain, executing every one on its parent's
/// state and committing it only when its execution reproduces the header: gas used, bloom, transactions and
/// receipts roots, state root and hash. As geth's <c>import</c>: a genesis block in the input must be this chain's
/// genesis and is skipped, and blocks the chain already holds are skipped. The first block that does not
/// reproduce stops the import and is reported as a <see cref="ReplayDivergence"/> (the transaction and reason for
/// one that cannot be applied). Senders of the blocks ahead are recovered on other cores while a block executes,
/// and a block's synced write runs while the next one executes (the import returns once all are on disk).
/// </summary>
public sealed class ChainImporter
{
    private const int BlocksAhead = 16;

    private readonly Blockchain _chain;

    public ChainImporter(Blockchain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _chain = chain;
    }

    /// <summary>
    /// Imports <paramref name="blocks"/> in order. <paramref name="expectedBlocks"/> (0 if unknown) is the progress
    /// total. A malformed input surfaces as the <see cref="FormatException"/> its reader throws.
    /// </summary>
    public ReplayReport Import(IEnumerable<Block> blocks, ReplayOptions? options = null, long expectedBlocks = 0)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        options ??= new ReplayOptions();
        var clock = Stopwatch.StartNew();
        long imported = 0, skipped = 0, transactions = 0;
        ulong? first = null, last = null;
        ReplayDivergence? divergence = null;
        foreach (var block in WithSendersRecovered(blocks, options))
        {
            first ??= block.Number;
            last = block.Number;
            if (block.Number == 0)
            {
                if (block.Hash != _chain.Genesis.Hash)
                {
                    divergence = new ReplayDivergence(0, block.Hash, null, null, "genesis hash", block.Hash.ToString(), _chain.Genesis.Hash + $" (chain spec \"{_chain.Spec.Name}\")");
                    break;
                }
                skipped++;
            }
            else if (_chain.GetHeaderByHash(block.Hash) is not null)
            {
                skipped++;
            }
            else
            {
                divergence = ImportOne(block);
                if (divergence is not null) break;
                imported++;
                transactions += block.Transactions.Count;
            }
            options.Progress?.Report(new ReplayProgress(imported + skipped, expectedBlocks, transactions, clock.Elapsed));
        }
        // Each block's write ran while the next one executed; the report counts blocks on disk, so wait for the last.
        _chain.Flush();
        clock.Stop();
        return new ReplayReport(first ?? 0, last ?? 0, imported, transactions, clock.Elapsed, divergence) { BlocksSkipped = skipped };
    }

    private ReplayDivergence? ImportOne(Block block)
    {
        var header = block.Header;
        ReplayDivergence BlockLevel(string field, string recorded, string replayed) => new(header.Number, header.Hash, null, null, field, recorded, replayed);
        if (_chain.GetHeaderByHash(header.ParentHash) is not { } parent)
            return BlockLevel("parent hash", header.ParentHash.ToString(), $"unknown ancestor (head is block {_chain.Head.Number} [{_chain.Head.Hash}])");
        if (header.BaseFeePerGas is null) return BlockLevel("base fee", "none", "required (London rules)");

        BlockResult result;
        try
        {
            result = _chain.BuildBlock(parent, _chain.ContextOf(header), block.Transactions, header.ExtraData);
        }
        catch (InvalidBlockException e)
        {
            return BlockLevel("header", "valid", e.Message);
        }
        if (result.Rejected.Count > 0)
        {
            var rejected = result.Rejected[0];
            int index = IndexOf(block.Transactions, rejected.Transaction);
            return new ReplayDivergence(header.Number, header.Hash, index, rejected.Transaction.Hash, "validity", "included", "could not apply: " + rejected.Reason);
        }
        if (RecordComparison.Header(header, result.Header) is { } difference) return BlockLevel(difference.Field, difference.Recorded, difference.Replayed);
        _chain.Commit(result);
        return null;
    }

    private static int IndexOf(IReadOnlyList<SignedTransaction> transactions, SignedTransaction transaction)
    {
        for (int i = 0; i < transactions.Count; i++)
        {
            if (ReferenceEquals(transactions[i], transaction)) return i;
        }
        return -1;
    }

    /// <summary>
    /// The blocks, read and their senders recovered on a background task up to <see cref="BlocksAhead"/> blocks
    /// ahead of the consumer; a reader's exception is rethrown where the consumer reaches it.
    /// </summary>
    private static IEnumerable<Block> WithSendersRecovered(IEnumerable<Block> blocks, ReplayOptions options)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        using var queue = new BlockingCollection<Block>(BlocksAhead);
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var block in blocks)
                {
                    SenderRecovery.RecoverAll(block.Transactions, options.MaxDegreeOfParallelism);
                    queue.Add(block, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        try
        {
            foreach (var block in queue.GetConsumingEnumerable(options.CancellationToken)) yield return block;
        }
        finally
        {
            stop.Cancel();
            producer.Wait();
        }
        failure?.Throw();
    }
}
