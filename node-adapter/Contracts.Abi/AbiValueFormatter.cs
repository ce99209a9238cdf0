using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Abi;

/// <summary>
/// Writes decoded values as text, in the form <see cref="AbiValueParser"/> reads back: integers in decimal,
/// addresses with the EIP-55 checksum, bytes as <c>0x</c> hex, arrays <c>[a, b]</c>, tuples <c>(a, b)</c>.
/// </summary>
public static class AbiValueFormatter
{
    /// <summary>Formats one value. Strings are quoted when <paramref name="quoteStrings"/> or inside a list.</summary>
    public static string Format(AbiType type, object? value, bool quoteStrings = false)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            case AbiTypeKind.Int:
                return value switch
                {
                    BigInteger v => v.ToString(CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => throw Unexpected(type, value),
                };
            case AbiTypeKind.Address:
                return value switch
                {
                    Address a => ToChecksumAddress(a),
                    byte[] { Length: Address.Length } b => ToChecksumAddress(new Address(b)),
                    _ => throw Unexpected(type, value),
                };
            case AbiTypeKind.Bool:
                return value is bool b2 ? (b2 ? "true" : "false") : throw Unexpected(type, value);
            case AbiTypeKind.FixedBytes:
            case AbiTypeKind.Bytes:
                return value is byte[] bytes ? "0x" + Convert.ToHexStringLower(bytes) : throw Unexpected(type, value);
            case AbiTypeKind.String:
                return value is string s
                    ? quoteStrings ? JsonSerializer.Serialize(s) : s
                    : throw Unexpected(type, value);
            case AbiTypeKind.Array:
            case AbiTypeKind.FixedArray:
                return value is IList items
                    ? "[" + string.Join(", ", items.Cast<object?>().Select(item => Format(type.Element!, item, true))) + "]"
                    : throw Unexpected(type, value);
            case AbiTypeKind.Tuple:
                return value is IList components && components.Count == type.Components.Count
                    ? "(" + string.Join(", ", type.Components.Select((c, i) => Format(c, components[i], true))) + ")"
                    : throw Unexpected(type, value);
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    /// <summary>The EIP-55 mixed-case checksum form of an address.</summary>
    public static string ToChecksumAddress(Address address)
    {
        Span<byte> bytes = stackalloc byte[Address.Length];
        address.CopyTo(bytes);
        var lower = Convert.ToHexStringLower(bytes);
        var hash = Keccak256.Compute(Encoding.ASCII.GetBytes(lower)).ToArray();
        var builder = new StringBuilder("0x", 42);
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            builder.Append(nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i]);
        }

        return builder.ToString();
    }

    private static AbiException Unexpected(AbiType type, object? value) =>
        new($"{type}: cannot format a {(value is null ? "null" : value.GetType().Name)}");
}
