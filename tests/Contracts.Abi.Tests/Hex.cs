namespace Contracts.Abi.Tests;

internal static class HexText
{
    public static byte[] Bytes(string hex)
    {
        var clean = string.Concat(hex.Where(c => !char.IsWhiteSpace(c)));
        return Convert.FromHexString(clean.StartsWith("0x", StringComparison.Ordinal) ? clean[2..] : clean);
    }

    public static string Of(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
