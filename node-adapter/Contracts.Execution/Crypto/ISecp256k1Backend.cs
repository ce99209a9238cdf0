namespace Contracts.Execution.Crypto;

/// <summary>
/// One implementation of the secp256k1 operations the node needs. Two exist: libsecp256k1 through Secp256k1.Net
/// (fast, native) and BouncyCastle (managed, the fallback where the native library cannot load). Both are pinned by
/// the same published vectors and checked against each other, so which one runs never changes a result.
/// </summary>
internal interface ISecp256k1Backend
{
    string Name { get; }

    /// <summary>
    /// Recovers the 64-byte public key (x ‖ y) from a 32-byte hash and a 64-byte <c>r ‖ s</c> with recovery id 0 or 1.
    /// The caller has checked that r and s are in [1, n−1]; high s is accepted.
    /// </summary>
    bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey);

    /// <summary>Strict ECDSA verification (high s rejected) against a 33- or 65-byte SEC1 public key.</summary>
    bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey);

    /// <summary>Deterministic (RFC 6979) low-s signature: writes <c>r ‖ s</c> and returns the recovery id.</summary>
    int Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature);

    /// <summary>The 64-byte public key (x ‖ y) of a private key.</summary>
    void PublicKeyOf(ReadOnlySpan<byte> privateKey, Span<byte> publicKey);
}
