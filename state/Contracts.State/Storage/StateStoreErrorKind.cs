namespace Contracts.State.Storage;

public enum StateStoreErrorKind
{
    /// <summary>The directory holds something that is not a state store (another program's files or database).</summary>
    NotAStateStore,

    /// <summary>The store's files are damaged.</summary>
    Corrupt,

    /// <summary>Another process (or another store in this one) has the directory open.</summary>
    Locked,

    /// <summary>The requested state root was never committed to this store.</summary>
    UnknownRoot,

    /// <summary>The operating system refused a read or write.</summary>
    Io,

    /// <summary>
    /// A commit written behind (<see cref="RocksDbStateStoreOptions.WriteBehind"/>) could not be written (disk full,
    /// I/O error): it and the commits after it are not on disk, the store's head is its last durable commit, and it
    /// takes no more writes until reopened.
    /// </summary>
    WriteFailed,
}
