namespace Contracts.State.Storage;

/// <summary>How a <see cref="RocksDbStateStore"/> uses memory.</summary>
public sealed record RocksDbStateStoreOptions
{
    /// <summary>
    /// Bytes of recently read and written trie nodes the store keeps decoded-ready in process memory (besides
    /// RocksDB's shared block cache): enough for the upper levels of the storage tries a block touches, which every
    /// block reads again. Default 128 MiB.
    /// </summary>
    public long NodeCacheBytes { get; init; } = 128L * 1024 * 1024;
}
