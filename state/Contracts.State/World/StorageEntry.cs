namespace Contracts.State.World;

/// <summary>One contract storage entry as ordered iteration returns it: the raw key (without the address) and its value.</summary>
public readonly record struct StorageEntry(byte[] Key, byte[] Value);
