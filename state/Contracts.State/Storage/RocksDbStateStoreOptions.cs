namespace Contracts.State.Storage;

/// <summary>How a <see cref="RocksDbStateStore"/> uses memory and when its commits are durable.</summary>
public sealed record RocksDbStateStoreOptions
{
    /// <summary>
    /// Bytes of recently read and written trie nodes the store keeps decoded-ready in process memory (besides
    /// RocksDB's shared block cache): enough for the upper levels of the storage tries a block touches, which every
    /// block reads again. Default 128 MiB.
    /// </summary>
    public long NodeCacheBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// When true, <see cref="IStateCommitBatch.Complete"/> returns as soon as the commit is readable (its nodes,
    /// code, records and head served from memory) and a writer thread writes the commits in order, each in one
    /// synced WriteBatch, so the caller's next block runs while this one's write finishes. A commit is durable once
    /// <see cref="IStateStore.WhenDurable"/> (taken after it) completes or <see cref="IStateStore.Flush"/> returns;
    /// closing the store waits for every write. A failed write drops it and the commits after it, takes the head back
    /// to the last durable commit and makes every later commit and flush throw
    /// <see cref="StateStoreErrorKind.WriteFailed"/>. Default false: each commit is durable when Complete returns.
    /// </summary>
    public bool WriteBehind { get; init; }

    /// <summary>
    /// With <see cref="WriteBehind"/>, the most commits waiting for their write at once; completing one more waits
    /// for the oldest to be written (memory stays bounded when the disk falls behind). Default 4.
    /// </summary>
    public int MaxPendingCommits { get; init; } = 4;
}
