using System.Globalization;
using System.Numerics;

namespace Contracts.Cli.Client;

/// <summary>
/// Ethereum JSON-RPC's hex encodings: quantities (<c>0x</c> + minimal hex digits, <c>0x0</c> for zero) and data
/// (<c>0x</c> + two digits per byte).
/// </summary>
public static class RpcHex
{
    public static string Quantity(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "a quantity is never negative");
        if (value.IsZero) return "0x0";
        return "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }

    public static string Quantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Data(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Reads a quantity; accepts leading zeros (some nodes send them) but nothing but hex digits after 0x.</summary>
    public static bool TryParseQuantity(string? text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (text is null || text.Length < 3 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return false;
        var digits = text.AsSpan(2);
        foreach (char ch in digits) if (!char.IsAsciiHexDigit(ch)) return false;
        value = BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Reads a quantity the node sent; a malformed one means the node is not speaking Ethereum JSON-RPC.</summary>
    public static BigInteger ParseQuantity(string? text, string what) =>
        TryParseQuantity(text, out var value) ? value : throw new FormatException($"the node sent {what} as '{text}', not a hex quantity");

    public static bool TryDecodeData(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length % 2 != 0) return false;
        var digits = text.AsSpan(2);
        foreach (char ch in digits) if (!char.IsAsciiHexDigit(ch)) return false;
        bytes = Convert.FromHexString(digits);
        return true;
    }

    public static byte[] DecodeData(string? text, string what) =>
        TryDecodeData(text, out var bytes) ? bytes : throw new FormatException($"the node sent {what} as '{text}', not hex data");
}
