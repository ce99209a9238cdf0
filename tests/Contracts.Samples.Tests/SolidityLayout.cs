using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Samples.Tests;

/// <summary>Where Solidity (and the SDK's <c>StorageMap</c>) puts a mapping's entries: <c>keccak256(key ‖ slot)</c>.</summary>
internal static class SolidityLayout
{
    public static UInt256 MappingSlot(UInt256 slot, Address key)
    {
        var preimage = new byte[64];
        key.CopyTo(preimage.AsSpan(12, Address.Length));
        slot.WriteBigEndian(preimage.AsSpan(32));
        return UInt256.FromBigEndian(Keccak256.Compute(preimage).ToArray());
    }

    public static UInt256 NestedMappingSlot(UInt256 slot, Address outer, Address inner) =>
        MappingSlot(MappingSlot(slot, outer), inner);
}
