namespace Contracts.Chain.Replay;

/// <summary>
/// What a replay did: the block range asked for, how many blocks and transactions were verified (all of them
/// below the divergence, when there is one), the wall time it took and the first divergence, if any.
/// </summary>
public sealed record ReplayReport(ulong FromBlock, ulong ToBlock, long BlocksVerified, long TransactionsVerified, TimeSpan Elapsed, ReplayDivergence? Divergence)
{
    /// <summary>Every block replayed to the recorded receipts, diffs and roots.</summary>
    public bool Clean => Divergence is null;

    /// <summary>Import only: blocks the chain already held (and a matching genesis), passed over.</summary>
    public long BlocksSkipped { get; init; }

    public double BlocksPerSecond => Elapsed > TimeSpan.Zero ? BlocksVerified / Elapsed.TotalSeconds : 0;

    public double TransactionsPerSecond => Elapsed > TimeSpan.Zero ? TransactionsVerified / Elapsed.TotalSeconds : 0;
}

/// <summary>Progress of a running replay or import, for a progress bar: blocks done of the total, and the rate so far.</summary>
public readonly record struct ReplayProgress(long BlocksDone, long BlocksTotal, long TransactionsDone, TimeSpan Elapsed)
{
    public double BlocksPerSecond => Elapsed > TimeSpan.Zero ? BlocksDone / Elapsed.TotalSeconds : 0;

    /// <summary>The time left at the rate so far (null before the first block or when the total is unknown).</summary>
    public TimeSpan? EstimatedRemaining => BlocksDone > 0 && BlocksTotal > 0
        ? TimeSpan.FromSeconds(Math.Max(0, BlocksTotal - BlocksDone) / BlocksPerSecond)
        : null;
}

/// <summary>How to run a replay: the threads to use (default: every core) and where progress goes.</summary>
public sealed record ReplayOptions
{
    /// <summary>Blocks verified at once and threads recovering senders; -1 for every core, 1 for one thread.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Called (from worker threads, one call at a time) as blocks complete.</summary>
    public IProgress<ReplayProgress>? Progress { get; init; }

    public CancellationToken CancellationToken { get; init; }
}
