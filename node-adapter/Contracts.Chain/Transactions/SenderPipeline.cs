using Contracts.State.Primitives;

namespace Contracts.Chain.Transactions;

/// <summary>
/// A block's senders recovered ahead of its execution: worker threads (one per core but the executing one) recover
/// chunks of transactions in block order while the executing thread runs the transactions already recovered.
/// <see cref="SenderAt"/> returns a transaction's sender; when its chunk is not started yet the executing thread
/// recovers it itself, so execution never waits for a chunk no one works on. On two cores recovery costs the block
/// almost nothing: it runs beside execution. The result does not depend on which thread recovered what.
/// </summary>
internal sealed class SenderPipeline
{
    private const int ChunkSize = 16;
    private const int Free = 0, Claimed = 1, Done = 2;

    private readonly IReadOnlyList<SignedTransaction> _transactions;
    private readonly Address?[] _senders;
    private readonly int[] _chunks;
    private int _nextChunk;

    private SenderPipeline(IReadOnlyList<SignedTransaction> transactions)
    {
        _transactions = transactions;
        _senders = new Address?[transactions.Count];
        _chunks = new int[(transactions.Count + ChunkSize - 1) / ChunkSize];
    }

    /// <summary>Starts recovering <paramref name="transactions"/> on up to <paramref name="workers"/> pool threads (default: the other cores).</summary>
    public static SenderPipeline Start(IReadOnlyList<SignedTransaction> transactions, int workers = -1)
    {
        var pipeline = new SenderPipeline(transactions);
        if (workers < 0) workers = Environment.ProcessorCount - 1;
        workers = Math.Min(workers, pipeline._chunks.Length - 1);
        for (int i = 0; i < workers; i++) ThreadPool.UnsafeQueueUserWorkItem(static p => p.Work(), pipeline, preferLocal: false);
        return pipeline;
    }

    /// <summary>The sender of transaction <paramref name="index"/>, or null when its signature is not valid.</summary>
    public Address? SenderAt(int index)
    {
        int chunk = index / ChunkSize;
        if (Volatile.Read(ref _chunks[chunk]) != Done)
        {
            if (Interlocked.CompareExchange(ref _chunks[chunk], Claimed, Free) == Free)
            {
                Recover(chunk);
            }
            else
            {
                // A worker is recovering this chunk: recover a later free one meanwhile (work the block needs anyway)
                // rather than spin on a core the worker may be waiting for.
                var spin = new SpinWait();
                while (Volatile.Read(ref _chunks[chunk]) != Done)
                {
                    if (!RecoverLaterChunk(chunk)) spin.SpinOnce(sleep1Threshold: -1);
                }
            }
        }
        return _senders[index];
    }

    /// <summary>Claims and recovers the first free chunk after <paramref name="chunk"/>; false when none is free.</summary>
    private bool RecoverLaterChunk(int chunk)
    {
        for (int later = chunk + 1; later < _chunks.Length; later++)
        {
            if (Volatile.Read(ref _chunks[later]) == Free && Interlocked.CompareExchange(ref _chunks[later], Claimed, Free) == Free)
            {
                Recover(later);
                return true;
            }
        }
        return false;
    }

    private void Work()
    {
        while (true)
        {
            int chunk = Interlocked.Increment(ref _nextChunk) - 1;
            if (chunk >= _chunks.Length) return;
            if (Interlocked.CompareExchange(ref _chunks[chunk], Claimed, Free) == Free) Recover(chunk);
        }
    }

    private void Recover(int chunk)
    {
        int end = Math.Min(_senders.Length, (chunk + 1) * ChunkSize);
        try
        {
            for (int i = chunk * ChunkSize; i < end; i++)
                _senders[i] = SenderRecovery.TryRecover(_transactions[i], out var sender) ? sender : null;
        }
        finally
        {
            // Published even if recovery threw (it does not: malformed signatures are "invalid sender"), so no
            // reader waits forever; a sender left unset reads as invalid.
            Volatile.Write(ref _chunks[chunk], Done);
        }
    }
}
