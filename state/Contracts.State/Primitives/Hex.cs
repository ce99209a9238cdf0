namespace Contracts.State.Primitives;

/// <summary>Hex text for tests, tools and messages; never on a hot path.</summary>
public static class Hex
{
    /// <summary>Decodes hex digits, with or without a leading "0x".</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex.AsSpan(2) : hex.AsSpan();
        if (digits.Length % 2 != 0)
        {
            throw new FormatException($"Hex text has an odd number of digits ({digits.Length}).");
        }

        return Convert.FromHexString(digits);
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
