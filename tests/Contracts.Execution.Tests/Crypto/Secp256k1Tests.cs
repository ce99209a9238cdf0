using Contracts.Execution.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Crypto;

/// <summary>
/// Pins secp256k1 with published vectors: go-ethereum's ecRecover precompile vectors
/// (core/vm/testdata/precompiles/ecRecover.json @ 19476a97) and EIP-155's worked example (private key 0x46…46).
/// Every vector runs on both backends, so swapping the library can never change a result.
/// </summary>
public sealed class Secp256k1Tests
{
    // EIP-155 example: signing hash, v = 37 (chain id 1, parity 0), r, s, the key and its address.
    private const string Eip155Hash = "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53";
    private const string Eip155R = "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276";
    private const string Eip155S = "67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
    private const string Eip155Key = "4646464646464646464646464646464646464646464646464646464646464646";
    private static readonly Address Eip155Sender = Address.FromHex("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");

    // geth "ValidKey": v = 28 and a high s (the precompile accepts it).
    private const string GethHash = "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c";
    private const string GethSignature = "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75feeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";
    private static readonly Address GethSigner = Address.FromHex("a94f5374fce5edbc8e2a8697c15331677e6ebf0b");

    // geth "CallEcrecoverUnrecoverableKey": r ‖ s are the input's bytes 64–127 (the precompile ignores what follows).
    private const string UnrecoverableHash = "a8b53bdf3306a35a7103ab5504a0c9b492295564b6202b1942a84ef300107281";
    private const string UnrecoverableSignature = "30783565316530336635336365313862373732636362303039336666373166336635336635633735623734646362333161383561613862383839326234653862";

    private const string N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    public static TheoryData<string> Backends() => ["native", "managed"];

    private static ISecp256k1Backend Backend(string name) => name == "native" ? Secp256k1.Native : Secp256k1.Managed;

    [Fact]
    public void The_native_library_loads_on_this_machine()
    {
        Assert.True(Secp256k1.NativeAvailable, "libsecp256k1 from Secp256k1.Net did not load; the node would run on the slower managed fallback");
        Assert.Contains("libsecp256k1", Secp256k1.BackendName);
    }

    [Fact]
    public void EcRecover_matches_geth_ValidKey_with_a_high_s()
    {
        Assert.False(Secp256k1.IsLowS(Hex.Decode(GethSignature)));
        Assert.Equal(GethSigner, Secp256k1.EcRecover(Hex.Decode(GethHash), 28, Hex.Decode(GethSignature)));
    }

    [Theory]
    [InlineData(27)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(29)]
    [InlineData(0x1c + 256)]
    public void EcRecover_with_any_v_but_the_right_one_does_not_give_the_signer(int v)
    {
        Assert.NotEqual(GethSigner, Secp256k1.EcRecover(Hex.Decode(GethHash), v, Hex.Decode(GethSignature)));
    }

    [Fact]
    public void EcRecover_of_an_unrecoverable_key_is_the_zero_address()
    {
        Assert.Equal(Address.Zero, Secp256k1.EcRecover(Hex.Decode(UnrecoverableHash), 27, Hex.Decode(UnrecoverableSignature)));
        Assert.False(Secp256k1.TryRecoverAddress(Hex.Decode(UnrecoverableHash), Hex.Decode(UnrecoverableSignature), 0, out var address));
        Assert.Equal(Address.Zero, address);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Both_backends_recover_the_published_vectors(string backend)
    {
        var key = new byte[64];
        Assert.True(Backend(backend).TryRecover(Hex.Decode(GethHash), Hex.Decode(GethSignature), 1, key));
        Assert.Equal(GethSigner, Secp256k1.AddressOf(key));
        Assert.True(Backend(backend).TryRecover(Hex.Decode(Eip155Hash), Hex.Decode(Eip155R + Eip155S), 0, key));
        Assert.Equal(Eip155Sender, Secp256k1.AddressOf(key));
        Assert.False(Backend(backend).TryRecover(Hex.Decode(UnrecoverableHash), Hex.Decode(UnrecoverableSignature), 0, key));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Signing_is_deterministic_and_reproduces_the_EIP155_signature(string backend)
    {
        var signature = new byte[64];
        int recoveryId = Backend(backend).Sign(Hex.Decode(Eip155Hash), Hex.Decode(Eip155Key), signature);
        Assert.Equal(0, recoveryId);
        Assert.Equal(Eip155R + Eip155S, Hex.Encode(signature).Replace("0x", ""));
        Assert.Equal(Eip155Sender, Secp256k1.AddressOfPrivateKey(Hex.Decode(Eip155Key)));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", Eip155S)]
    [InlineData(Eip155R, "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData(N, Eip155S)]
    [InlineData(Eip155R, N)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", Eip155S)]
    public void Recovery_fails_for_r_or_s_zero_or_not_below_n(string r, string s)
    {
        Assert.False(Secp256k1.TryRecoverAddress(Hex.Decode(Eip155Hash), Hex.Decode(r + s), 0, out _));
        Assert.Equal(Address.Zero, Secp256k1.EcRecover(Hex.Decode(Eip155Hash), 27, Hex.Decode(r + s)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Verify_is_strict_about_s_and_accepts_both_key_encodings(string backend)
    {
        byte[] hash = Hex.Decode(Eip155Hash);
        var xy = new byte[64];
        Secp256k1.PublicKeyOf(Hex.Decode(Eip155Key), xy);
        byte[] uncompressed = [0x04, .. xy];
        byte[] compressed = [(byte)(0x02 | (xy[63] & 1)), .. xy[..32]];
        byte[] low = Hex.Decode(Eip155R + Eip155S);
        byte[] high = Hex.Decode(Eip155R + Hex.Encode(NegateModN(Hex.Decode(Eip155S))).Replace("0x", ""));

        Assert.True(Backend(backend).Verify(hash, low, uncompressed));
        Assert.True(Backend(backend).Verify(hash, low, compressed));
        Assert.True(Secp256k1.Verify(hash, low, compressed));
        Assert.False(Secp256k1.Verify(hash, high, uncompressed));
        Assert.False(Backend(backend).Verify(hash, high, uncompressed));
        // The high-s twin still recovers the same signer with the other parity (ecrecover accepts it).
        Assert.True(Secp256k1.TryRecoverAddress(hash, high, 1, out var signer));
        Assert.Equal(Eip155Sender, signer);

        byte[] otherHash = (byte[])hash.Clone();
        otherHash[0] ^= 1;
        Assert.False(Secp256k1.Verify(otherHash, low, uncompressed));
        Assert.False(Secp256k1.Verify(hash, low, uncompressed[..64]));
        byte[] offCurve = (byte[])uncompressed.Clone();
        offCurve[64] ^= 1;
        Assert.False(Backend(backend).Verify(hash, low, offCurve));
    }

    [Fact]
    public void Native_and_managed_agree_on_random_keys_and_hashes()
    {
        var random = new Random(8);
        var key = new byte[32];
        var hash = new byte[32];
        var nativeSignature = new byte[64];
        var managedSignature = new byte[64];
        var nativeKey = new byte[64];
        var managedKey = new byte[64];
        for (int i = 0; i < 50; i++)
        {
            random.NextBytes(key);
            key[0] &= 0x7F;
            random.NextBytes(hash);
            int nativeId = Secp256k1.Native.Sign(hash, key, nativeSignature);
            int managedId = Secp256k1.Managed.Sign(hash, key, managedSignature);
            Assert.Equal(nativeSignature, managedSignature);
            Assert.Equal(nativeId, managedId);
            // Corrupt the signature sometimes: both must still agree (on failure or on the key recovered).
            if (i % 3 == 0) nativeSignature[random.Next(64)] ^= (byte)(1 + random.Next(255));
            bool nativeOk = Secp256k1.Native.TryRecover(hash, nativeSignature, nativeId, nativeKey);
            bool managedOk = Secp256k1.Managed.TryRecover(hash, nativeSignature, nativeId, managedKey);
            Assert.Equal(nativeOk, managedOk);
            if (nativeOk) Assert.Equal(nativeKey, managedKey);
        }
    }

    private static byte[] NegateModN(byte[] s)
    {
        var n = System.Numerics.BigInteger.Parse("0" + N, System.Globalization.NumberStyles.HexNumber);
        var value = new System.Numerics.BigInteger(s, isUnsigned: true, isBigEndian: true);
        var result = (n - value).ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - result.Length], .. result];
    }
}
