using Org.BouncyCastle.Crypto.Digests;

namespace Contracts.Execution.Crypto;

/// <summary>RIPEMD-160 (20-byte digest), for the host ABI's <c>ripemd160</c>; BouncyCastle, pinned by the authors' vectors.</summary>
public static class Ripemd160
{
    public const int HashLength = 20;

    public static void Compute(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        var digest = new RipeMD160Digest();
        digest.BlockUpdate(data);
        digest.DoFinal(hash);
    }
}
