using Org.BouncyCastle.Crypto.Digests;

namespace Contracts.State.Tests.Support;

/// <summary>Independent implementations our code is checked against.</summary>
internal static class Reference
{
    public static byte[] Keccak256(ReadOnlySpan<byte> input)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(input.ToArray(), 0, input.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }
}
