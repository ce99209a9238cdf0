using System.Globalization;
using System.Numerics;
using System.Text;
using Contracts.State.Primitives;

namespace Contracts.Abi;

/// <summary>
/// Reads values written as text on a command line, the way cast reads them: integers in decimal or <c>0x</c> hex,
/// addresses and bytes as <c>0x</c> hex, <c>true</c>/<c>false</c>, strings as they are (or in double quotes inside
/// lists), arrays as <c>[a,b]</c>, tuples as <c>(a,b)</c>.
/// </summary>
public static class AbiValueParser
{
    /// <summary>Parses one argument into the value <see cref="AbiEncoder"/> takes for this type.</summary>
    public static object Parse(AbiType type, string text) => ParseValue(type, text, nested: false);

    private static object ParseValue(AbiType type, string text, bool nested)
    {
        var s = text.Trim();
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                return ParseInteger(s, type);
            case AbiTypeKind.Address:
            {
                var bytes = ParseHex(s, type);
                return bytes.Length == Address.Length
                    ? new Address(bytes)
                    : throw new AbiException($"'{text}': an address is 20 bytes (40 hex digits), got {bytes.Length}");
            }
            case AbiTypeKind.Bool:
                return s switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw new AbiException($"'{text}': a bool is true or false"),
                };
            case AbiTypeKind.FixedBytes:
            {
                var bytes = ParseHex(s, type);
                return bytes.Length == type.ByteLength
                    ? bytes
                    : throw new AbiException($"'{text}': {type} takes {type.ByteLength} bytes, got {bytes.Length}");
            }
            case AbiTypeKind.Bytes:
                return ParseHex(s, type);
            case AbiTypeKind.String:
                // Inside a list a string may be quoted so that it can hold commas and brackets.
                return !nested ? text : s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? Unquote(s) : s;
            case AbiTypeKind.Array:
            case AbiTypeKind.FixedArray:
            {
                var items = ParseList(s, '[', ']', type);
                if (type.Kind == AbiTypeKind.FixedArray && items.Count != type.Length)
                {
                    throw new AbiException($"'{text}': {type} takes {type.Length} elements, got {items.Count}");
                }

                return items.Select(item => ParseValue(type.Element!, item, nested: true)).ToArray();
            }
            case AbiTypeKind.Tuple:
            {
                var items = ParseList(s, '(', ')', type);
                if (items.Count != type.Components.Count)
                {
                    throw new AbiException($"'{text}': {type} has {type.Components.Count} components, got {items.Count}");
                }

                return items.Select((item, i) => ParseValue(type.Components[i], item, nested: true)).ToArray();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    /// <summary>Parses one argument per type.</summary>
    public static object[] ParseAll(IReadOnlyList<AbiType> types, IReadOnlyList<string> texts)
    {
        if (types.Count != texts.Count)
        {
            throw new AbiException($"expected {types.Count} argument(s), got {texts.Count}");
        }

        return types.Select((type, i) => Parse(type, texts[i])).ToArray();
    }

    /// <summary>Splits at separators that are not inside brackets, parentheses or double quotes.</summary>
    internal static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        if (text.Trim().Length == 0)
        {
            return parts;
        }

        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is '[' or '(')
            {
                depth++;
            }
            else if (c is ']' or ')')
            {
                depth--;
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (depth != 0 || quoted)
        {
            throw new AbiException($"'{text}': unbalanced brackets or quotes");
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static List<string> ParseList(string s, char open, char close, AbiType type)
    {
        if (s.Length < 2 || s[0] != open || s[^1] != close)
        {
            throw new AbiException($"'{s}': {type} is written {open}a,b,…{close}");
        }

        return SplitTopLevel(s[1..^1], ',');
    }

    private static BigInteger ParseInteger(string s, AbiType type)
    {
        var negative = s.StartsWith('-');
        var digits = negative ? s[1..] : s;
        BigInteger magnitude;
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = digits[2..];
            if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new AbiException($"'{s}' is not a number");
            }

            magnitude = BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            magnitude = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else
        {
            throw new AbiException($"'{s}' is not a number");
        }

        var value = negative ? -magnitude : magnitude;
        var fits = type.Kind == AbiTypeKind.UInt
            ? value.Sign >= 0 && value < BigInteger.One << type.Bits
            : value >= -(BigInteger.One << (type.Bits - 1)) && value < BigInteger.One << (type.Bits - 1);
        return fits ? value : throw new AbiException($"'{s}' does not fit in {type}");
    }

    private static byte[] ParseHex(string s, AbiType type)
    {
        if (!s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            throw new AbiException($"'{s}': {type} is written as 0x-prefixed hex");
        }

        var hex = s[2..];
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new AbiException($"'{s}' is not an even number of hex digits");
        }

        return Convert.FromHexString(hex);
    }

    private static string Unquote(string s)
    {
        var builder = new StringBuilder(s.Length);
        for (var i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length - 1)
            {
                i++;
                builder.Append(s[i] switch { 'n' => '\n', 't' => '\t', _ => s[i] });
            }
            else
            {
                builder.Append(s[i]);
            }
        }

        return builder.ToString();
    }
}
