using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Devnet.Chain;

/// <summary>The accounts of the chain at one block, read-only.</summary>
public interface IDevnetState
{
    UInt256 GetBalance(Address address);

    ulong GetNonce(Address address);

    byte[] GetCode(Address address);

    /// <summary>A 32-byte storage slot as <c>eth_getStorageAt</c> reads it.</summary>
    UInt256 GetStorage(Address address, UInt256 slot);

    /// <summary>An EIP-1186 proof of the account and the given slots (<c>eth_getProof</c>).</summary>
    AccountProof GetProof(Address address, IReadOnlyList<UInt256> slots);
}
