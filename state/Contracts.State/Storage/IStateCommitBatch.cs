using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>Everything one commit writes; nothing is visible until <see cref="Complete"/>, which applies all of it atomically.</summary>
public interface IStateCommitBatch : ITrieNodeSink, IDisposable
{
    void PutCode(in Hash256 codeHash, ReadOnlySpan<byte> code);

    void PutAccount(in Address address, ReadOnlySpan<byte> encodedAccount);

    /// <summary>Sets a flat storage entry. The store may keep both arrays; nobody may change them afterwards.</summary>
    void PutStorage(byte[] flatKey, byte[] value);

    void DeleteStorage(byte[] flatKey);

    /// <summary>
    /// Makes the batch durable and moves the head from <paramref name="parent"/> to <paramref name="root"/>;
    /// fails with <see cref="StateStoreErrorKind.StaleCommit"/> when the head is no longer <paramref name="parent"/>.
    /// </summary>
    void Complete(StateHead parent, Hash256 root);
}
