using Contracts.State.Primitives;

namespace Contracts.State.Storage;

/// <summary>
/// The chain layer's part of a commit: its own records (blocks, receipts, indexes) and the head pointer, written
/// in the same atomic batch as the state's trie nodes, so a crash leaves the whole block or none of it.
/// Records live in their own key space; the state never reads or writes them.
/// </summary>
public interface IStateRecordWriter
{
    /// <summary>Sets a record (an empty value is a stored empty record, not a deletion).</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    void Delete(ReadOnlySpan<byte> key);

    /// <summary>Moves the head to <paramref name="root"/> when the batch completes (the root may be the one this batch commits).</summary>
    void SetHead(in Hash256 root);
}
