using System.Globalization;
using System.Numerics;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// Ethereum's JSON-RPC hex conventions, for the node and for its clients (<c>contract-cli</c>): quantities as <c>0x</c>
/// + the shortest hex (<c>0x0</c> for zero; leading zeros are read), data as <c>0x</c> + two hex digits per byte. Each
/// form is checked in one place, which says what is wrong in geth's words: the node answers invalid params with it,
/// a client reports that the node sent something that is not hex.
/// </summary>
public static class RpcHex
{
    public static string Quantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Quantity(UInt256 value) => value.ToHexQuantity();

    public static string Quantity(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "a quantity is never negative");
        if (value.IsZero) return "0x0";
        return "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }

    public static string Data(ReadOnlySpan<byte> bytes) => Hex.Encode(bytes);

    public static string Data(Hash256 hash) => hash.ToString();

    public static string Data(Address address) => Hex.Encode(address.ToArray());

    // ---- the node reading its requests: geth's invalid-params errors ----

    public static ulong ParseUInt64(string text, string what)
    {
        var digits = Checked(QuantityDigits(text, out var error), error, what);
        if (digits.Length > 16) throw RpcException.InvalidParams($"invalid {what}: hex number > 64 bits");
        return ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static UInt256 ParseUInt256(string text, string what)
    {
        var digits = Checked(QuantityDigits(text, out var error), error, what);
        if (digits.Length > 64) throw RpcException.InvalidParams($"invalid {what}: hex number > 256 bits");
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        string even = digits.Length % 2 == 0 ? digits.ToString() : "0" + digits.ToString();
        Convert.FromHexString(even).CopyTo(bytes[(32 - even.Length / 2)..]);
        return UInt256.FromBigEndian(bytes);
    }

    public static byte[] ParseData(string text, string what) => Convert.FromHexString(Checked(DataDigits(text, out var error), error, what));

    public static Address ParseAddress(string text, string what)
    {
        var bytes = ParseData(text, what);
        if (bytes.Length != Address.Length) throw RpcException.InvalidParams($"invalid {what}: hex string has length {bytes.Length * 2}, want 40 for common.Address");
        return new Address(bytes);
    }

    public static Hash256 ParseHash(string text, string what)
    {
        var bytes = ParseData(text, what);
        if (bytes.Length != Hash256.Length) throw RpcException.InvalidParams($"invalid {what}: hex string has length {bytes.Length * 2}, want 64 for common.Hash");
        return new Hash256(bytes);
    }

    // ---- a client reading a node's answers ----

    public static bool TryParseQuantity(string? text, out BigInteger value)
    {
        var digits = QuantityDigits(text, out var error);
        value = error is null ? BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) : BigInteger.Zero;
        return error is null;
    }

    /// <summary>Reads a quantity the node sent; a malformed one means the node is not speaking Ethereum JSON-RPC.</summary>
    public static BigInteger ParseQuantity(string? text, string what) =>
        TryParseQuantity(text, out var value) ? value : throw new FormatException($"the node sent {what} as '{text}', not a hex quantity");

    public static bool TryDecodeData(string? text, out byte[] bytes)
    {
        var digits = DataDigits(text, out var error);
        bytes = error is null ? Convert.FromHexString(digits) : [];
        return error is null;
    }

    public static byte[] DecodeData(string? text, string what) =>
        TryDecodeData(text, out var bytes) ? bytes : throw new FormatException($"the node sent {what} as '{text}', not hex data");

    // ---- the checks ----

    /// <summary>The significant digits of a quantity (at least one), or the reason it is not one.</summary>
    private static ReadOnlySpan<char> QuantityDigits(string? text, out string? error)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return Fail("hex string without 0x prefix", out error);
        var digits = text.AsSpan(2);
        if (digits.Length == 0) return Fail("hex string \"0x\"", out error);
        if (!IsHex(digits)) return Fail("invalid hex string", out error);
        error = null;
        digits = digits.TrimStart('0');
        return digits.Length == 0 ? "0" : digits;
    }

    /// <summary>The digits of data (an even number), or the reason it is not data.</summary>
    private static ReadOnlySpan<char> DataDigits(string? text, out string? error)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return Fail("hex string without 0x prefix", out error);
        var digits = text.AsSpan(2);
        if (digits.Length % 2 != 0) return Fail("hex string of odd length", out error);
        if (!IsHex(digits)) return Fail("invalid hex string", out error);
        error = null;
        return digits;
    }

    private static ReadOnlySpan<char> Fail(string reason, out string? error)
    {
        error = reason;
        return default;
    }

    private static ReadOnlySpan<char> Checked(ReadOnlySpan<char> digits, string? error, string what) =>
        error is null ? digits : throw RpcException.InvalidParams($"invalid {what}: {error}");

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (char c in digits)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
