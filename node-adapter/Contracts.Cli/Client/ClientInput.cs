using System.Globalization;
using System.Numerics;
using Contracts.Abi;

namespace Contracts.Cli.Client;

/// <summary>
/// What the user types for the node's client commands, checked before anything is sent: addresses (EIP-55 checksum
/// enforced on mixed case), hashes, block numbers and tags, storage slots and amounts of wei. Every refusal is a
/// <see cref="CliException"/> with exit code 2 naming what was wrong.
/// </summary>
public static class ClientInput
{
    private static readonly string[] BlockTags = ["latest", "earliest", "pending", "safe", "finalized"];

    /// <summary>An address as the node wants it (lower-case hex); mixed case must carry a valid EIP-55 checksum.</summary>
    public static string Address(string text, string what = "address")
    {
        if (text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !IsHex(text.AsSpan(2)))
            throw Usage($"{what} '{text}' is not an address (0x and 40 hex digits)");
        var digits = text[2..];
        bool mixed = digits.Any(char.IsAsciiLetterLower) && digits.Any(char.IsAsciiLetterUpper);
        if (mixed && AbiValueFormatter.ToChecksumAddress(Contracts.State.Primitives.Address.FromHex(digits)) is var checksummed && checksummed != "0x" + digits)
            throw Usage($"{what} '{text}' has a wrong EIP-55 checksum (mistyped? the checksummed form of these digits is {checksummed})");
        return "0x" + digits.ToLowerInvariant();
    }

    public static string TransactionHash(string text)
    {
        if (text.Length != 66 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || !IsHex(text.AsSpan(2)))
            throw Usage($"'{text}' is not a transaction hash (0x and 64 hex digits)");
        return text.ToLowerInvariant();
    }

    /// <summary>A block: a tag (latest, earliest, pending, safe, finalized), a number (decimal or 0x hex) or a 32-byte hash.</summary>
    public static BlockSelector Block(string text, string what = "block")
    {
        var lower = text.Trim().ToLowerInvariant();
        if (BlockTags.Contains(lower)) return new BlockSelector(lower, IsHash: false);
        if (lower.Length == 66 && lower.StartsWith("0x", StringComparison.Ordinal) && IsHex(lower.AsSpan(2))) return new BlockSelector(lower, IsHash: true);
        if (TryNumber(lower, out var number)) return new BlockSelector(RpcHex.Quantity(number), IsHash: false);
        throw Usage($"{what} '{text}' is not a block number, a block hash or one of {string.Join(", ", BlockTags)}");
    }

    /// <summary>A storage slot as a 32-byte word: a number (decimal or 0x hex, at most 2^256 − 1).</summary>
    public static string Slot(string text)
    {
        if (!TryNumber(text.Trim(), out var number) || number.GetByteCount(isUnsigned: true) > 32)
            throw Usage($"slot '{text}' is not a number below 2^256 (decimal or 0x hex)");
        return RpcHex.Quantity(number);
    }

    /// <summary>
    /// An amount of wei: an integer (decimal or 0x hex), or a decimal with a unit — <c>wei</c>, <c>gwei</c>,
    /// <c>ether</c> (or <c>eth</c>) — such as <c>1.5ether</c> or <c>20 gwei</c>.
    /// </summary>
    public static BigInteger Wei(string text, string what = "value")
    {
        var trimmed = text.Trim().ToLowerInvariant();
        (string unit, int decimals) = trimmed switch
        {
            _ when trimmed.EndsWith("gwei", StringComparison.Ordinal) => ("gwei", 9),
            _ when trimmed.EndsWith("wei", StringComparison.Ordinal) => ("wei", 0),
            _ when trimmed.EndsWith("ether", StringComparison.Ordinal) => ("ether", 18),
            _ when trimmed.EndsWith("eth", StringComparison.Ordinal) => ("eth", 18),
            _ => ("", 0),
        };
        var amount = trimmed[..^unit.Length].Trim();
        if (unit.Length == 0 && TryNumber(amount, out var plain)) return plain;
        int point = amount.IndexOf('.');
        var whole = point < 0 ? amount : amount[..point];
        var fraction = point < 0 ? "" : amount[(point + 1)..];
        if (whole.Length + fraction.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || fraction.Length > decimals)
        {
            throw Usage($"{what} '{text}' is not an amount: use wei as an integer (decimal or 0x hex) or a decimal with a unit "
                + "(wei, gwei, ether), e.g. 1.5ether");
        }
        return BigInteger.Parse((whole.Length == 0 ? "0" : whole) + fraction.PadRight(decimals, '0'), CultureInfo.InvariantCulture);
    }

    /// <summary>Hex data typed by the user (0x optional, an even number of digits).</summary>
    public static byte[] Data(string text, string what)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length % 2 != 0 || !IsHex(digits)) throw Usage($"{what} '{text}' is not hex data (an even number of hex digits)");
        return Convert.FromHexString(digits);
    }

    /// <summary>A non-negative integer, decimal or 0x hex.</summary>
    public static bool TryNumber(string text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return RpcHex.TryParseQuantity(text, out value);
        return text.Length > 0 && text.All(char.IsAsciiDigit) && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (char ch in digits) if (!char.IsAsciiHexDigit(ch)) return false;
        return true;
    }

    private static CliException Usage(string message) => new(ExitCodes.UsageOrLoadError, "error: " + message);
}

/// <summary>A block as the node's methods take it: a tag or hex number (…ByNumber) or a hash (…ByHash).</summary>
public readonly record struct BlockSelector(string Value, bool IsHash);
