using Contracts.State.Primitives;

namespace Contracts.State.World;

internal enum JournalKind : byte
{
    Account,
    Storage,
    Code,
}

/// <summary>What one write replaced in the overlay, so that reverting a checkpoint can put it back.</summary>
internal readonly record struct JournalEntry(
    JournalKind Kind,
    Address Address,
    bool HadEntry,
    Account PreviousAccount,
    byte[]? StorageKey,
    byte[]? PreviousValue,
    Hash256 CodeHash);
