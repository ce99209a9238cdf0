using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Execution.Crypto;

/// <summary>
/// secp256k1 as Ethereum uses it: recovering a signer's address (transaction senders and the host ABI's
/// <c>secp256k1_recover</c>, with the <c>ecrecover</c> precompile's rules), strict verification, and deterministic
/// signing (devnet accounts, tests). Runs on libsecp256k1 (Secp256k1.Net) and falls back to BouncyCastle where the
/// native library cannot load; published vectors pin both, so the result never depends on which one runs.
/// Thread-safe.
/// </summary>
public static class Secp256k1
{
    public const int SignatureLength = 64;
    public const int HashLength = 32;
    public const int PrivateKeyLength = 32;
    public const int PublicKeyLength = 64;

    // n, the group order, and n / 2, big-endian.
    private static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    private static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ];

    /// <summary>Which implementation runs (for logs and benchmark notes).</summary>
    public static string BackendName => Active.Name;

    /// <summary>
    /// Recovers the signer's address from a 32-byte hash and a 64-byte <c>r ‖ s</c> signature with recovery id 0 or 1
    /// (the y parity; Ethereum's v − 27, or the EIP-155/EIP-1559 parity). False, and the zero address, when r or s is
    /// zero or not below n, the id is not 0/1, or no point has x = r (the <c>ecrecover</c> precompile's rules: a high
    /// s is accepted; callers enforcing EIP-2's low s for transactions check <see cref="IsLowS"/>).
    /// </summary>
    public static bool TryRecoverAddress(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, out Address address)
    {
        Span<byte> publicKey = stackalloc byte[PublicKeyLength];
        if (!TryRecoverPublicKey(hash, signature, recoveryId, publicKey))
        {
            address = Address.Zero;
            return false;
        }
        address = AddressOf(publicKey);
        return true;
    }

    /// <summary>As <see cref="TryRecoverAddress"/>, writing the 64-byte public key (x ‖ y) instead.</summary>
    public static bool TryRecoverPublicKey(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId, Span<byte> publicKey)
    {
        CheckLengths(hash, signature);
        if (publicKey.Length < PublicKeyLength) throw new ArgumentException($"the public key buffer needs {PublicKeyLength} bytes", nameof(publicKey));
        if (recoveryId is not (0 or 1)) return false;
        if (!InScalarRange(signature[..32]) || !InScalarRange(signature[32..])) return false;
        return Active.TryRecover(hash, signature, recoveryId, publicKey);
    }

    /// <summary>
    /// Ethereum's <c>ecrecover</c> with the precompile's v (27 or 28): the signer's address, or the zero address on
    /// any failure (including any other v).
    /// </summary>
    public static Address EcRecover(ReadOnlySpan<byte> hash, int v, ReadOnlySpan<byte> signature) =>
        v is 27 or 28 && TryRecoverAddress(hash, signature, v - 27, out var address) ? address : Address.Zero;

    /// <summary>
    /// Strict ECDSA verification of a 64-byte <c>r ‖ s</c> over a 32-byte hash with a 33-byte compressed or 65-byte
    /// uncompressed SEC1 public key, as libsecp256k1's <c>secp256k1_ecdsa_verify</c>: a high s (above n/2) is
    /// invalid. False for any malformed input.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        CheckLengths(hash, signature);
        if (publicKey.Length is not (33 or 65)) return false;
        if (!InScalarRange(signature[..32]) || !InScalarRange(signature[32..]) || !IsLowS(signature)) return false;
        return Active.Verify(hash, signature, publicKey);
    }

    /// <summary>True when s ≤ n/2 (EIP-2's rule for transaction signatures).</summary>
    public static bool IsLowS(ReadOnlySpan<byte> signature) => signature.Slice(32, 32).SequenceCompareTo(HalfOrder) <= 0;

    /// <summary>
    /// Signs a 32-byte hash deterministically (RFC 6979) with a low s; writes <c>r ‖ s</c> and returns the recovery id
    /// (0 or 1). Throws <see cref="ArgumentException"/> for a private key that is zero or not below n.
    /// </summary>
    public static int Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        CheckLengths(hash, signature);
        if (privateKey.Length != PrivateKeyLength) throw new ArgumentException($"a private key is {PrivateKeyLength} bytes", nameof(privateKey));
        return Active.Sign(hash, privateKey, signature);
    }

    /// <summary>The 64-byte public key (x ‖ y) of a private key.</summary>
    public static void PublicKeyOf(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != PrivateKeyLength) throw new ArgumentException($"a private key is {PrivateKeyLength} bytes", nameof(privateKey));
        Active.PublicKeyOf(privateKey, publicKey);
    }

    /// <summary>The Ethereum address of a 64-byte public key: the last 20 bytes of its Keccak-256.</summary>
    public static Address AddressOf(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength) throw new ArgumentException($"a public key is {PublicKeyLength} bytes (x ‖ y)", nameof(publicKey));
        Span<byte> hash = stackalloc byte[32];
        Keccak256.Compute(publicKey).CopyTo(hash);
        return new Address(hash[12..]);
    }

    /// <summary>The Ethereum address of a private key.</summary>
    public static Address AddressOfPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        Span<byte> publicKey = stackalloc byte[PublicKeyLength];
        PublicKeyOf(privateKey, publicKey);
        return AddressOf(publicKey);
    }

    internal static ISecp256k1Backend Native => LazyNative.Value ?? throw new InvalidOperationException("libsecp256k1 did not load on this machine");

    internal static bool NativeAvailable => LazyNative.Value is not null;

    internal static ISecp256k1Backend Managed { get; } = new ManagedSecp256k1Backend();

    private static readonly Lazy<ISecp256k1Backend?> LazyNative = new(TryLoadNative);

    // Declared after Managed and LazyNative: static fields initialize in textual order.
    private static readonly ISecp256k1Backend Active = SelectBackend();

    private static ISecp256k1Backend SelectBackend() => LazyNative.Value ?? Managed;

    private static ISecp256k1Backend? TryLoadNative()
    {
        try
        {
            var native = new NativeSecp256k1Backend();
            // A self-check against the managed backend: the native library must agree before it is trusted.
            Span<byte> key = stackalloc byte[PrivateKeyLength];
            key[31] = 1;
            Span<byte> nativeKey = stackalloc byte[PublicKeyLength];
            Span<byte> managedKey = stackalloc byte[PublicKeyLength];
            native.PublicKeyOf(key, nativeKey);
            Managed.PublicKeyOf(key, managedKey);
            return nativeKey.SequenceEqual(managedKey) ? native : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static bool InScalarRange(ReadOnlySpan<byte> scalar) =>
        scalar.IndexOfAnyExcept((byte)0) >= 0 && scalar.SequenceCompareTo(Order) < 0;

    private static void CheckLengths(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (hash.Length != HashLength) throw new ArgumentException($"a hash is {HashLength} bytes, not {hash.Length}", nameof(hash));
        if (signature.Length != SignatureLength) throw new ArgumentException($"a signature is {SignatureLength} bytes (r ‖ s), not {signature.Length}", nameof(signature));
    }
}
