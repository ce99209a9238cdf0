using Contracts.State.Primitives;

namespace Contracts.Execution.Transactions;

/// <summary>
/// One entry of an EIP-2930 access list, carried by EIP-1559 transactions. It is part of the signed encoding and the
/// intrinsic gas (2,400 per address, 1,900 per storage key, as in Ethereum); the engine has no warm/cold pricing,
/// so it has no other effect.
/// </summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<Hash256> StorageKeys)
{
    public bool Equals(AccessListEntry? other) =>
        other is not null && Address == other.Address && StorageKeys.SequenceEqual(other.StorageKeys);

    public override int GetHashCode() => HashCode.Combine(Address, StorageKeys.Count);
}
