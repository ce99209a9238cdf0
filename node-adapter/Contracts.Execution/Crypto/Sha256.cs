namespace Contracts.Execution.Crypto;

/// <summary>SHA-256 (FIPS 180-4), for the host ABI's <c>sha256</c>; .NET's implementation, pinned by NIST vectors.</summary>
public static class Sha256
{
    public const int HashLength = 32;

    public static void Compute(ReadOnlySpan<byte> data, Span<byte> hash) => System.Security.Cryptography.SHA256.HashData(data, hash);
}
