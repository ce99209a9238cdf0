using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Contracts.Execution.Crypto;

/// <summary>
/// secp256k1 in managed code with BouncyCastle: the fallback where libsecp256k1 cannot load, and an independent
/// implementation the tests compare the native one with.
/// </summary>
internal sealed class ManagedSecp256k1Backend : ISecp256k1Backend
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    public string Name => "BouncyCastle (managed)";

    public bool TryRecover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey)
    {
        var r = new BigInteger(1, signature[..32]);
        var s = new BigInteger(1, signature[32..64]);
        var n = Curve.N;
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0) return false;
        // Recovery ids 0 and 1 take x = r (r + n is never below p for a random signature; Ethereum only uses 0/1).
        Span<byte> compressed = stackalloc byte[33];
        compressed[0] = (byte)(0x02 + (recoveryId & 1));
        signature[..32].CopyTo(compressed[1..]);
        ECPoint point;
        try
        {
            point = Curve.Curve.DecodePoint(compressed.ToArray());
        }
        catch (ArgumentException)
        {
            return false; // r is not the x of a curve point (or not below p)
        }
        var e = new BigInteger(1, hash);
        var rInverse = r.ModInverse(n);
        var u1 = e.Negate().Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, point, u2).Normalize();
        if (q.IsInfinity) return false;
        WriteFixed(q.AffineXCoord.ToBigInteger(), publicKey[..32]);
        WriteFixed(q.AffineYCoord.ToBigInteger(), publicKey[32..64]);
        return true;
    }

    public bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        var r = new BigInteger(1, signature[..32]);
        var s = new BigInteger(1, signature[32..64]);
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(Curve.N) >= 0 || s.CompareTo(HalfN) > 0) return false;
        ECPoint key;
        try
        {
            key = Curve.Curve.DecodePoint(publicKey.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
        var signer = new ECDsaSigner();
        signer.Init(false, new ECPublicKeyParameters(key, Domain));
        return signer.VerifySignature(hash.ToArray(), r, s);
    }

    public int Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        var d = new BigInteger(1, privateKey);
        if (d.SignValue == 0 || d.CompareTo(Curve.N) >= 0)
            throw new ArgumentException("the private key is not valid (zero or not below the curve order)", nameof(privateKey));
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var rs = signer.GenerateSignature(hash.ToArray());
        var s = rs[1].CompareTo(HalfN) > 0 ? Curve.N.Subtract(rs[1]) : rs[1];
        WriteFixed(rs[0], signature[..32]);
        WriteFixed(s, signature[32..64]);
        Span<byte> expected = stackalloc byte[64];
        PublicKeyOf(privateKey, expected);
        Span<byte> recovered = stackalloc byte[64];
        for (int id = 0; id < 2; id++)
        {
            if (TryRecover(hash, signature, id, recovered) && recovered.SequenceEqual(expected)) return id;
        }
        throw new InvalidOperationException("no recovery id reproduces the signing key");
    }

    public void PublicKeyOf(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        var d = new BigInteger(1, privateKey);
        if (d.SignValue == 0 || d.CompareTo(Curve.N) >= 0)
            throw new ArgumentException("the private key is not valid (zero or not below the curve order)", nameof(privateKey));
        var q = Curve.G.Multiply(d).Normalize();
        WriteFixed(q.AffineXCoord.ToBigInteger(), publicKey[..32]);
        WriteFixed(q.AffineYCoord.ToBigInteger(), publicKey[32..64]);
    }

    private static void WriteFixed(BigInteger value, Span<byte> destination)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        destination.Clear();
        bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
    }
}
