using System.Globalization;

namespace Contracts.Abi;

/// <summary>
/// One Solidity ABI type: elementary (<c>uint256</c>, <c>address</c>, <c>bytes32</c>, <c>string</c> …) or composite
/// (<c>T[]</c>, <c>T[k]</c>, tuples). Immutable; compared by its canonical name.
/// </summary>
public sealed class AbiType : IEquatable<AbiType>
{
    /// <summary>Every head slot and every padded unit of the encoding is one 32-byte word.</summary>
    public const int WordSize = 32;

    private AbiType(AbiTypeKind kind, int bits, int byteLength, AbiType? element, int length,
        IReadOnlyList<AbiType> components, IReadOnlyList<string> componentNames)
    {
        Kind = kind;
        Bits = bits;
        ByteLength = byteLength;
        Element = element;
        Length = length;
        Components = components;
        ComponentNames = componentNames;
        IsDynamic = kind switch
        {
            AbiTypeKind.Bytes or AbiTypeKind.String or AbiTypeKind.Array => true,
            AbiTypeKind.FixedArray => element!.IsDynamic,
            AbiTypeKind.Tuple => components.Any(c => c.IsDynamic),
            _ => false,
        };
        HeadSize = IsDynamic
            ? WordSize
            : kind switch
            {
                AbiTypeKind.FixedArray => checked(length * element!.HeadSize),
                AbiTypeKind.Tuple => components.Sum(c => c.HeadSize),
                _ => WordSize,
            };
        CanonicalName = kind switch
        {
            AbiTypeKind.UInt => "uint" + bits.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Int => "int" + bits.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Address => "address",
            AbiTypeKind.Bool => "bool",
            AbiTypeKind.FixedBytes => "bytes" + byteLength.ToString(CultureInfo.InvariantCulture),
            AbiTypeKind.Bytes => "bytes",
            AbiTypeKind.String => "string",
            AbiTypeKind.Array => element!.CanonicalName + "[]",
            AbiTypeKind.FixedArray => element!.CanonicalName + "[" + length.ToString(CultureInfo.InvariantCulture) + "]",
            AbiTypeKind.Tuple => "(" + string.Join(",", components.Select(c => c.CanonicalName)) + ")",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public AbiTypeKind Kind { get; }

    /// <summary>Width of <c>uintN</c>/<c>intN</c> in bits (8 … 256); 160 for <c>address</c>; 0 otherwise.</summary>
    public int Bits { get; }

    /// <summary>N of <c>bytesN</c>; 0 otherwise.</summary>
    public int ByteLength { get; }

    /// <summary>The element type of an array; null otherwise.</summary>
    public AbiType? Element { get; }

    /// <summary>k of <c>T[k]</c>; 0 otherwise.</summary>
    public int Length { get; }

    /// <summary>A tuple's component types, in order; empty otherwise.</summary>
    public IReadOnlyList<AbiType> Components { get; }

    /// <summary>A tuple's component names from the ABI JSON (may be empty strings); empty otherwise.</summary>
    public IReadOnlyList<string> ComponentNames { get; }

    /// <summary>The name used in signatures: <c>uint256</c>, <c>(address,uint256)[]</c>.</summary>
    public string CanonicalName { get; }

    /// <summary>Whether the encoding is stored in the tail, behind an offset in the head.</summary>
    public bool IsDynamic { get; }

    /// <summary>Bytes this type occupies in the head of an enclosing sequence.</summary>
    public int HeadSize { get; }

    public static AbiType Address { get; } = Elementary(AbiTypeKind.Address, 160, 0);
    public static AbiType Bool { get; } = Elementary(AbiTypeKind.Bool, 0, 0);
    public static AbiType Bytes { get; } = Elementary(AbiTypeKind.Bytes, 0, 0);
    public static AbiType String { get; } = Elementary(AbiTypeKind.String, 0, 0);
    public static AbiType UInt256 { get; } = UInt(256);

    public static AbiType UInt(int bits) => Elementary(AbiTypeKind.UInt, CheckBits(bits), 0);

    public static AbiType Int(int bits) => Elementary(AbiTypeKind.Int, CheckBits(bits), 0);

    public static AbiType FixedBytes(int length) =>
        length is >= 1 and <= 32
            ? Elementary(AbiTypeKind.FixedBytes, 0, length)
            : throw new AbiException($"bytes{length}: a fixed bytes type has 1 to 32 bytes");

    public static AbiType ArrayOf(AbiType element) =>
        new(AbiTypeKind.Array, 0, 0, element, 0, [], []);

    public static AbiType FixedArrayOf(AbiType element, int length) =>
        length >= 1
            ? new(AbiTypeKind.FixedArray, 0, 0, element, length, [], [])
            : throw new AbiException($"{element.CanonicalName}[{length}]: a fixed array has at least one element");

    public static AbiType Tuple(IReadOnlyList<AbiType> components, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != components.Count)
        {
            throw new ArgumentException("One name per component.", nameof(names));
        }

        return new(AbiTypeKind.Tuple, 0, 0, null, 0, components.ToArray(),
            names?.ToArray() ?? Enumerable.Repeat(string.Empty, components.Count).ToArray());
    }

    /// <summary>
    /// Parses a type as written in a signature: <c>uint</c> (= <c>uint256</c>), <c>int</c>, <c>bytes32</c>,
    /// <c>address[]</c>, <c>uint8[3][]</c>, <c>(uint256,string)[]</c>.
    /// </summary>
    public static AbiType Parse(string text)
    {
        var trimmed = text.Trim();
        var type = ParseAt(trimmed, 0, out var end);
        if (end != trimmed.Length)
        {
            throw new AbiException($"'{text}': unexpected '{trimmed[end..]}' after the type");
        }

        return type;
    }

    /// <summary>Parses a comma-separated type list such as <c>address,uint256</c> (no parentheses).</summary>
    public static IReadOnlyList<AbiType> ParseList(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return [];
        }

        var tuple = ParseAt("(" + trimmed + ")", 0, out var end);
        if (end != trimmed.Length + 2)
        {
            throw new AbiException($"'{text}': not a list of types");
        }

        return tuple.Components;
    }

    /// <summary>Applies array suffixes (<c>[]</c>, <c>[3]</c>) in order to a base type.</summary>
    internal static AbiType WithArraySuffixes(AbiType baseType, string suffixes, string context)
    {
        var type = baseType;
        var i = 0;
        while (i < suffixes.Length)
        {
            if (suffixes[i] != '[')
            {
                throw new AbiException($"'{context}': expected '[' at '{suffixes[i..]}'");
            }

            var close = suffixes.IndexOf(']', i);
            if (close < 0)
            {
                throw new AbiException($"'{context}': unclosed '['");
            }

            var inner = suffixes[(i + 1)..close];
            if (inner.Length == 0)
            {
                type = ArrayOf(type);
            }
            else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                type = FixedArrayOf(type, length);
            }
            else
            {
                throw new AbiException($"'{context}': '{inner}' is not an array length");
            }

            i = close + 1;
        }

        return type;
    }

    /// <summary>Parses an elementary type name (no arrays, no tuples).</summary>
    internal static AbiType ParseElementary(string name) => name switch
    {
        "address" => Address,
        "bool" => Bool,
        "string" => String,
        "bytes" => Bytes,
        "uint" => UInt256,
        "int" => Int(256),
        _ when name.StartsWith("uint", StringComparison.Ordinal) => UInt(ParseWidth(name, 4)),
        _ when name.StartsWith("int", StringComparison.Ordinal) => Int(ParseWidth(name, 3)),
        _ when name.StartsWith("bytes", StringComparison.Ordinal) => FixedBytes(ParseWidth(name, 5)),
        _ => throw new AbiException($"'{name}' is not an ABI type"),
    };

    private static AbiType ParseAt(string text, int start, out int end)
    {
        AbiType baseType;
        var i = start;
        if (i < text.Length && text[i] == '(')
        {
            var components = new List<AbiType>();
            i++;
            SkipSpaces(text, ref i);
            if (i < text.Length && text[i] == ')')
            {
                i++;
            }
            else
            {
                while (true)
                {
                    SkipSpaces(text, ref i);
                    components.Add(ParseAt(text, i, out i));
                    SkipSpaces(text, ref i);
                    if (i >= text.Length)
                    {
                        throw new AbiException($"'{text}': unclosed '('");
                    }

                    if (text[i] == ',')
                    {
                        i++;
                        continue;
                    }

                    if (text[i] == ')')
                    {
                        i++;
                        break;
                    }

                    throw new AbiException($"'{text}': unexpected '{text[i]}' at {i}");
                }
            }

            baseType = Tuple(components);
        }
        else
        {
            var nameStart = i;
            while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i == nameStart)
            {
                throw new AbiException($"'{text}': expected a type at {i}");
            }

            baseType = ParseElementary(text[nameStart..i]);
        }

        var suffixStart = i;
        while (i < text.Length && text[i] == '[')
        {
            var close = text.IndexOf(']', i);
            if (close < 0)
            {
                throw new AbiException($"'{text}': unclosed '['");
            }

            i = close + 1;
        }

        end = i;
        return WithArraySuffixes(baseType, text[suffixStart..i], text);
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
    }

    private static int ParseWidth(string name, int prefixLength)
    {
        var digits = name[prefixLength..];
        if (digits.Length == 0 || digits[0] == '0' ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var width))
        {
            throw new AbiException($"'{name}' is not an ABI type");
        }

        return width;
    }

    private static int CheckBits(int bits) =>
        bits is >= 8 and <= 256 && bits % 8 == 0
            ? bits
            : throw new AbiException($"{bits} bits: an integer type has a multiple of 8 bits from 8 to 256");

    private static AbiType Elementary(AbiTypeKind kind, int bits, int byteLength) =>
        new(kind, bits, byteLength, null, 0, [], []);

    public bool Equals(AbiType? other) => other is not null && CanonicalName == other.CanonicalName;

    public override bool Equals(object? obj) => obj is AbiType other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalName);

    public override string ToString() => CanonicalName;
}
