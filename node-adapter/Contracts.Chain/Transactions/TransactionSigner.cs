using Contracts.Execution.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Chain.Transactions;

/// <summary>
/// Signs transactions with a secp256k1 private key: deterministic (RFC 6979) and with a low s, as EIP-2 requires
/// of transactions, through the execution layer's <see cref="Secp256k1"/>.
/// </summary>
public static class TransactionSigner
{
    public static SignedTransaction Sign(UnsignedTransaction transaction, ReadOnlySpan<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var hash = TransactionEncoding.SigningHash(transaction);
        Span<byte> hashBytes = stackalloc byte[32];
        hash.CopyTo(hashBytes);
        Span<byte> rs = stackalloc byte[Secp256k1.SignatureLength];
        int parity = Secp256k1.Sign(hashBytes, privateKey, rs);
        var signature = new TransactionSignature((byte)parity, UInt256.FromBigEndian(rs[..32]), UInt256.FromBigEndian(rs[32..]));
        var signed = new SignedTransaction(transaction, signature, TransactionEncoding.Encode(transaction, signature), hash);
        signed.CachedSender = Secp256k1.AddressOfPrivateKey(privateKey);
        return signed;
    }
}
