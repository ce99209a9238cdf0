using System.Text;
using Contracts.Execution.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Crypto;

/// <summary>
/// Published vectors: SHA-256 from FIPS 180-2 appendix B, RIPEMD-160 from its authors' page (Dobbertin, Bosselaers,
/// Preneel), BLAKE2b-256 from the reference implementation (RFC 7693's algorithm at a 32-byte digest), Ed25519 from
/// RFC 8032 §7.1 tests 1–3.
/// </summary>
public sealed class HashFunctionTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_FIPS_vectors(string message, string expected)
    {
        var hash = new byte[Sha256.HashLength];
        Sha256.Compute(Encoding.ASCII.GetBytes(message), hash);
        Assert.Equal(expected, Hex.Encode(hash).Replace("0x", ""));
    }

    [Theory]
    [InlineData("", "9c1185a5c5e9fc54612808977ee8f548b2258d31")]
    [InlineData("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")]
    [InlineData("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36")]
    public void Ripemd160_matches_the_authors_vectors(string message, string expected)
    {
        var hash = new byte[Ripemd160.HashLength];
        Ripemd160.Compute(Encoding.ASCII.GetBytes(message), hash);
        Assert.Equal(expected, Hex.Encode(hash).Replace("0x", ""));
    }

    [Theory]
    [InlineData("", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")]
    [InlineData("abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")]
    public void Blake2b256_matches_reference_vectors(string message, string expected)
    {
        var hash = new byte[Blake2b256.HashLength];
        Blake2b256.Compute(Encoding.ASCII.GetBytes(message), hash);
        Assert.Equal(expected, Hex.Encode(hash).Replace("0x", ""));
    }

    [Theory]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Ed25519_accepts_RFC8032_vectors_and_rejects_tampering(string publicKey, string message, string signature)
    {
        byte[] key = Hex.Decode(publicKey), msg = Hex.Decode(message), sig = Hex.Decode(signature);
        Assert.True(Ed25519.Verify(sig, key, msg));

        byte[] tamperedMessage = [.. msg, 0];
        Assert.False(Ed25519.Verify(sig, key, tamperedMessage));
        byte[] tamperedSignature = (byte[])sig.Clone();
        tamperedSignature[5] ^= 1;
        Assert.False(Ed25519.Verify(tamperedSignature, key, msg));

        // Strict RFC 8032: S + L is the same scalar mod L but not canonical, so it is refused (no malleability).
        Assert.False(Ed25519.Verify(AddGroupOrderToS(sig), key, msg));
        Assert.False(Ed25519.Verify(sig[..63], key, msg));
    }

    private static byte[] AddGroupOrderToS(byte[] signature)
    {
        // L = 2^252 + 27742317777372353535851937790883648493, little-endian like S.
        byte[] l = Hex.Decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        byte[] result = (byte[])signature.Clone();
        int carry = 0;
        for (int i = 0; i < 32; i++)
        {
            int sum = result[32 + i] + l[i] + carry;
            result[32 + i] = (byte)sum;
            carry = sum >> 8;
        }
        return result;
    }
}
