using Org.BouncyCastle.Crypto.Digests;

namespace Contracts.Execution.Crypto;

/// <summary>BLAKE2b with a 32-byte digest and no key (RFC 7693), for the host ABI's <c>blake2b256</c>; BouncyCastle.</summary>
public static class Blake2b256
{
    public const int HashLength = 32;

    public static void Compute(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        var digest = new Blake2bDigest(HashLength * 8);
        digest.BlockUpdate(data);
        digest.DoFinal(hash);
    }
}
