using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>
/// Everything one commit writes; nothing is visible until <see cref="Complete"/>, which applies all of it atomically
/// and returns when it is readable: durably written too for a durable store, or queued for its synced write for one
/// that writes behind (<see cref="IStateStore.WhenDurable"/>).
/// </summary>
public interface IStateCommitBatch : ITrieNodeSink, IStateRecordWriter, IDisposable
{
    void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code);

    void Complete();
}
