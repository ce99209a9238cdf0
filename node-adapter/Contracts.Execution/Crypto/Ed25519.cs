namespace Contracts.Execution.Crypto;

/// <summary>
/// Ed25519 signature verification, strict RFC 8032 (§5.1.7) as BouncyCastle implements it: S must be below L, R and
/// A must be canonical encodings, and the equation is checked without the cofactor. Pinned by RFC 8032's vectors and
/// the malleability cases in the tests.
/// </summary>
public static class Ed25519
{
    public const int SignatureLength = 64;
    public const int PublicKeyLength = 32;

    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        if (signature.Length != SignatureLength || publicKey.Length != PublicKeyLength) return false;
        return Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, message.ToArray(), 0, message.Length);
    }
}
