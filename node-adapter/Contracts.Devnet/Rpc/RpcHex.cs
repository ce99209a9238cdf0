using System.Globalization;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// Ethereum's JSON-RPC hex conventions: quantities as <c>0x</c> + the shortest hex (<c>0x0</c> for zero), data as
/// <c>0x</c> + two hex digits per byte. Parsing says what was wrong in geth's words, as an invalid-params error.
/// </summary>
public static class RpcHex
{
    public static string Quantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Quantity(UInt256 value) => value.ToHexQuantity();

    public static string Data(ReadOnlySpan<byte> bytes) => Hex.Encode(bytes);

    public static string Data(Hash256 hash) => hash.ToString();

    public static string Data(Address address) => Hex.Encode(address.ToArray());

    public static ulong ParseUInt64(string text, string what)
    {
        var digits = QuantityDigits(text, what);
        if (digits.Length > 16) throw RpcException.InvalidParams($"invalid {what}: hex number > 64 bits");
        return ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static UInt256 ParseUInt256(string text, string what)
    {
        var digits = QuantityDigits(text, what);
        if (digits.Length > 64) throw RpcException.InvalidParams($"invalid {what}: hex number > 256 bits");
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        string even = digits.Length % 2 == 0 ? digits.ToString() : "0" + digits.ToString();
        Convert.FromHexString(even).CopyTo(bytes[(32 - even.Length / 2)..]);
        return UInt256.FromBigEndian(bytes);
    }

    public static byte[] ParseData(string text, string what)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) throw RpcException.InvalidParams($"invalid {what}: hex string without 0x prefix");
        var digits = text.AsSpan(2);
        if (digits.Length % 2 != 0) throw RpcException.InvalidParams($"invalid {what}: hex string of odd length");
        if (!IsHex(digits)) throw RpcException.InvalidParams($"invalid {what}: invalid hex string");
        return Convert.FromHexString(digits);
    }

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

    private static ReadOnlySpan<char> QuantityDigits(string text, string what)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) throw RpcException.InvalidParams($"invalid {what}: hex string without 0x prefix");
        var digits = text.AsSpan(2);
        if (digits.Length == 0) throw RpcException.InvalidParams($"invalid {what}: hex string \"0x\"");
        if (!IsHex(digits)) throw RpcException.InvalidParams($"invalid {what}: invalid hex string");
        digits = digits.TrimStart('0');
        return digits.Length == 0 ? "0" : digits;
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (char c in digits)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
