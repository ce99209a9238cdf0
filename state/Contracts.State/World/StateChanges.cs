using Contracts.State.Primitives;

namespace Contracts.State.World;

/// <summary>
/// What a stretch of execution wrote (a transaction, a call), each entry with its value now, in a deterministic
/// order: accounts by address, slots by (address, slot), byte-string keys by (address, key bytes). The chain
/// layer stores it per transaction as a compact diff; replaying a diff is applying its entries with the setters.
/// An entry means "written", so a value written back to what it was still appears. <see cref="StorageCleared"/>
/// names the accounts whose storage was cleared (<see cref="WorldState.ClearStorage"/>): replay clears those
/// first, then applies the entries (slots written before the clear appear with value zero).
/// </summary>
public sealed record StateChanges(
    IReadOnlyList<AccountChange> Accounts,
    IReadOnlyList<SlotChange> Slots,
    IReadOnlyList<BytesChange> Bytes)
{
    /// <summary>Accounts whose storage was cleared, by address.</summary>
    public IReadOnlyList<Address> StorageCleared { get; init; } = [];

    public bool IsEmpty => Accounts.Count == 0 && Slots.Count == 0 && Bytes.Count == 0 && StorageCleared.Count == 0;
}

/// <summary>An account's fields after the change (its storage roots are derived, so they are not part of it).</summary>
public readonly record struct AccountChange(Address Address, ulong Nonce, UInt256 Balance, Hash256 CodeHash);

/// <summary>A 32-byte slot after the change (zero: deleted).</summary>
public readonly record struct SlotChange(Address Address, UInt256 Slot, UInt256 Value);

/// <summary>A byte-string entry after the change; <see cref="Value"/> is null when the key was removed.</summary>
public sealed record BytesChange(Address Address, byte[] Key, byte[]? Value);

/// <summary>One byte-string storage entry as ordered iteration returns it.</summary>
public sealed record BytesEntry(byte[] Key, byte[] Value);
