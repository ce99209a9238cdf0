namespace Contracts.Execution.Crypto;

/// <summary>
/// libsecp256k1 (bitcoin-core) through Secp256k1.Net, which ships the native library for linux/windows/macOS x64 and
/// arm64. One context serves every thread: libsecp256k1 only reads it for recovery, verification and signing.
/// </summary>
internal sealed class NativeSecp256k1Backend : ISecp256k1Backend
{
    private const int InternalSize = 64;
    private const int RecoverableSize = 65;

    private readonly Secp256k1Net.Secp256k1 _context = new(null!);

    public string Name => "libsecp256k1 (Secp256k1.Net)";

    public bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey)
    {
        Span<byte> parsed = stackalloc byte[RecoverableSize];
        Span<byte> key = stackalloc byte[InternalSize];
        if (!_context.EcdsaRecoverableSignatureParseCompact(parsed, signature, recoveryId)) return false;
        if (!_context.EcdsaRecover(key, parsed, hash)) return false;
        return Serialize(key, publicKey);
    }

    public bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> parsedSignature = stackalloc byte[InternalSize];
        Span<byte> parsedKey = stackalloc byte[InternalSize];
        if (!_context.EcdsaSignatureParseCompact(parsedSignature, signature)) return false;
        if (!_context.EcPubkeyParse(parsedKey, publicKey)) return false;
        // secp256k1_ecdsa_verify itself rejects a high s (its documented lower-S rule).
        return _context.EcdsaVerify(parsedSignature, hash, parsedKey);
    }

    public int Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        Span<byte> parsed = stackalloc byte[RecoverableSize];
        if (!_context.EcdsaSignRecoverable(parsed, hash, privateKey))
            throw new ArgumentException("the private key is not valid (zero or not below the curve order)", nameof(privateKey));
        _context.EcdsaRecoverableSignatureSerializeCompact(signature, out int recoveryId, parsed);
        return recoveryId;
    }

    public void PublicKeyOf(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        Span<byte> key = stackalloc byte[InternalSize];
        if (!_context.EcPubkeyCreate(key, privateKey))
            throw new ArgumentException("the private key is not valid (zero or not below the curve order)", nameof(privateKey));
        Serialize(key, publicKey);
    }

    private bool Serialize(ReadOnlySpan<byte> key, Span<byte> publicKey)
    {
        Span<byte> serialized = stackalloc byte[65];
        nuint length = 65;
        if (!_context.EcPubkeySerialize(serialized, ref length, key, Secp256k1Net.Secp256k1EcFlags.Uncompressed)) return false;
        serialized.Slice(1, 64).CopyTo(publicKey);
        return true;
    }
}
