using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>Everything one commit writes; nothing is visible until <see cref="Complete"/>, which applies all of it atomically (and durably for a durable store).</summary>
public interface IStateCommitBatch : ITrieNodeSink, IStateRecordWriter, IDisposable
{
    void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code);

    void Complete();
}
