using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.State.Storage;

/// <summary>
/// Durable state: trie nodes by hash (every committed root stays readable), code by hash, and, for the head
/// state only, flat indexes of accounts (address → account) and storage (address ‖ raw key → value) that
/// serve reads without walking tries. A commit changes all of them at once or not at all.
/// </summary>
public interface IStateStore : ITrieNodeSource, IDisposable
{
    StateHead Head { get; }

    /// <summary>Whether a state can be opened at <paramref name="root"/>.</summary>
    bool ContainsRoot(in Hash256 root);

    bool TryGetAccount(in Address address, out ReadOnlyMemory<byte> encodedAccount);

    bool TryGetStorage(ReadOnlySpan<byte> flatKey, out ReadOnlyMemory<byte> value);

    /// <summary>Head storage entries whose key starts with <paramref name="prefix"/>, from <paramref name="from"/> on, in byte order.</summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> IterateStorage(byte[] prefix, byte[] from);

    /// <summary>Every head account, in address order.</summary>
    IEnumerable<KeyValuePair<Address, byte[]>> IterateAccounts();

    bool TryGetCode(in Hash256 codeHash, out ReadOnlyMemory<byte> code);

    bool TryGetArtifact(in ArtifactKey key, out ReadOnlyMemory<byte> artifact);

    /// <summary>Caches a derived artifact. Not part of consensus state, so it is written on its own.</summary>
    void PutArtifact(in ArtifactKey key, ReadOnlySpan<byte> artifact);

    IStateCommitBatch BeginCommit();
}
