using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>
/// Durable state: trie nodes by hash (content-addressed and never deleted, so every committed root stays
/// readable and writable-on-top-of: an archive), code by hash, the caller's own records (blocks, receipts,
/// indexes) and the head pointer. A commit writes nodes, code, records and optionally the head all at once or
/// not at all, in the order the commits completed. A completed commit is readable at once (its root, nodes, code,
/// records and head); it is durable when <see cref="IStateCommitBatch.Complete"/> returns, or, for a store that
/// writes behind, when <see cref="WhenDurable"/> completes or <see cref="Flush"/> returns. Safe to use from several
/// threads; <see cref="BeginCommit"/> batches may be built concurrently.
/// </summary>
public interface IStateStore : ITrieNodeSource, IDisposable
{
    /// <summary>
    /// The root the store's owner (the chain) named as its head; <see cref="Hash256.EmptyTrieRoot"/> for a new
    /// store. Committing state never moves it: only <see cref="SetHead"/> or
    /// <see cref="IStateRecordWriter.SetHead"/> inside a commit does.
    /// </summary>
    Hash256 Head { get; }

    /// <summary>Durably names <paramref name="root"/> the head; throws <see cref="StateStoreErrorKind.UnknownRoot"/> when it was never committed.</summary>
    void SetHead(in Hash256 root);

    /// <summary>Whether a state can be opened at <paramref name="root"/>.</summary>
    bool ContainsRoot(in Hash256 root);

    bool TryGetCode(in Hash256 codeHash, out ReadOnlyMemory<byte> code);

    /// <summary>A record written through <see cref="IStateRecordWriter.Put"/>.</summary>
    bool TryGetRecord(ReadOnlySpan<byte> key, out ReadOnlyMemory<byte> value);

    /// <summary>
    /// Up to <paramref name="limit"/> records whose key starts with <paramref name="prefix"/>, from
    /// <paramref name="startAt"/> on (inclusive; empty: from the prefix), in byte order of the keys.
    /// </summary>
    IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadRecords(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> startAt, int limit);

    bool TryGetArtifact(in ArtifactKey key, out ReadOnlyMemory<byte> artifact);

    /// <summary>Caches a derived artifact. Not part of consensus state, so it is written on its own.</summary>
    void PutArtifact(in ArtifactKey key, ReadOnlySpan<byte> artifact);

    /// <summary>A batch to fill and <see cref="IStateCommitBatch.Complete"/>: nothing is visible before, all of it after.</summary>
    IStateCommitBatch BeginCommit();

    /// <summary>
    /// Completes when every batch completed before the call is durable; faults with
    /// <see cref="StateStoreErrorKind.WriteFailed"/> when one of them could not be written. Already complete for a
    /// store whose <see cref="IStateCommitBatch.Complete"/> is durable when it returns.
    /// </summary>
    Task WhenDurable() => Task.CompletedTask;

    /// <summary>
    /// Returns when every batch completed before the call is durable; throws <see cref="StateStoreErrorKind.WriteFailed"/>
    /// when one could not be written (the store then keeps its last durable commit and takes no more writes).
    /// </summary>
    void Flush() => WhenDurable().GetAwaiter().GetResult();
}
