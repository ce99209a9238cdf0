using Contracts.State.Primitives;

namespace Contracts.Chain.Transactions;

/// <summary>
/// A secp256k1 signature as transactions carry it: r, s and the y parity (recovery id 0 or 1). A legacy
/// transaction encodes the parity in its v (27/28, or chain id × 2 + 35/36 under EIP-155).
/// </summary>
public readonly record struct TransactionSignature(byte YParity, UInt256 R, UInt256 S)
{
    /// <summary>The 64-byte r ‖ s form the secp256k1 primitives take.</summary>
    public void WriteRS(Span<byte> destination)
    {
        R.WriteBigEndian(destination[..32]);
        S.WriteBigEndian(destination.Slice(32, 32));
    }

    /// <summary>A legacy transaction's v for this parity: 27/28 without a chain id, chain id × 2 + 35/36 with one.</summary>
    public UInt256 LegacyV(ulong? chainId) =>
        chainId is { } id ? (UInt256)id * 2 + 35 + YParity : (UInt256)(27u + YParity);
}
