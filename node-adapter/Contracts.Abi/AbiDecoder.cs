using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Contracts.State.Primitives;

namespace Contracts.Abi;

/// <summary>
/// Ethereum ABI decoding, strict as Solidity's decoder: every offset and length is bounds-checked before use, integers
/// must be correctly padded or sign-extended, <c>bool</c> is 0 or 1, an <c>address</c> has 12 zero bytes above it,
/// strings are valid UTF-8. Hostile input gives an <see cref="AbiException"/> naming the byte offset, never a huge
/// allocation.
/// </summary>
/// <remarks>
/// Values come back as <see cref="BigInteger"/> (integers), <see cref="Address"/>, <c>bool</c>, <c>byte[]</c>
/// (<c>bytes</c>, <c>bytesN</c>), <c>string</c>, and <c>object?[]</c> for arrays and tuples.
/// </remarks>
public static class AbiDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    /// <summary>Decodes an ABI sequence of the given types (function results, arguments after the selector).</summary>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data) =>
        DecodeSequence(types, data, 0);

    /// <summary>Decodes one static value from its 32-byte word (an indexed event topic).</summary>
    public static object? DecodeWord(AbiType type, ReadOnlySpan<byte> word)
    {
        if (type.IsDynamic || type.HeadSize != AbiType.WordSize)
        {
            throw new AbiException($"{type}: not a single-word type");
        }

        return DecodeValue(type, word, 0, 0);
    }

    private static object?[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> region, int regionStart)
    {
        var values = new object?[types.Count];
        var head = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var offset = ReadLength(region, head, regionStart, "offset");
                if (offset > region.Length)
                {
                    throw new AbiException(
                        $"offset {offset} at byte {regionStart + head} points past the end of the data ({regionStart + region.Length} bytes)");
                }

                values[i] = DecodeValue(type, region[offset..], regionStart + offset, 0);
            }
            else
            {
                values[i] = DecodeValue(type, region, regionStart, head);
            }

            head += type.HeadSize;
        }

        return values;
    }

    /// <summary>Decodes the value at <paramref name="at"/> of <paramref name="region"/>.</summary>
    private static object? DecodeValue(AbiType type, ReadOnlySpan<byte> region, int regionStart, int at)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                var word = Word(region, at, regionStart);
                var value = new BigInteger(word, isUnsigned: true, isBigEndian: true);
                if (type.Bits < 256 && value >> type.Bits != BigInteger.Zero)
                {
                    throw new AbiException($"{type} at byte {regionStart + at}: {value} has bits above {type.Bits}");
                }

                return value;
            }
            case AbiTypeKind.Int:
            {
                var word = Word(region, at, regionStart);
                var value = new BigInteger(word, isUnsigned: false, isBigEndian: true);
                var limit = BigInteger.One << (type.Bits - 1);
                if (value < -limit || value >= limit)
                {
                    throw new AbiException($"{type} at byte {regionStart + at}: not a sign-extended {type.Bits}-bit value");
                }

                return value;
            }
            case AbiTypeKind.Address:
            {
                var word = Word(region, at, regionStart);
                if (word[..12].ContainsAnyExcept((byte)0))
                {
                    throw new AbiException($"address at byte {regionStart + at}: the 12 bytes above the address are not zero");
                }

                return new Address(word[12..]);
            }
            case AbiTypeKind.Bool:
            {
                var word = Word(region, at, regionStart);
                if (word[..31].ContainsAnyExcept((byte)0) || word[31] > 1)
                {
                    throw new AbiException($"bool at byte {regionStart + at}: not 0 or 1");
                }

                return word[31] == 1;
            }
            case AbiTypeKind.FixedBytes:
            {
                var word = Word(region, at, regionStart);
                if (word[type.ByteLength..].ContainsAnyExcept((byte)0))
                {
                    throw new AbiException($"{type} at byte {regionStart + at}: the padding after {type.ByteLength} bytes is not zero");
                }

                return word[..type.ByteLength].ToArray();
            }
            case AbiTypeKind.Bytes:
                return ReadBytes(region, at, regionStart).ToArray();
            case AbiTypeKind.String:
            {
                var bytes = ReadBytes(region, at, regionStart);
                try
                {
                    return StrictUtf8.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    throw new AbiException($"string at byte {regionStart + at}: not valid UTF-8");
                }
            }
            case AbiTypeKind.Array:
            {
                var count = ReadLength(region, at, regionStart, "array length");
                var body = region[(at + AbiType.WordSize)..];
                // Every element takes at least one word of head: a count the data cannot hold is refused before
                // anything is allocated for it.
                if ((long)count * type.Element!.HeadSize > body.Length)
                {
                    throw new AbiException(
                        $"{type} at byte {regionStart + at}: {count} elements do not fit in the {body.Length} bytes that follow");
                }

                return DecodeSequence(AbiEncoder.Repeat(type.Element, count), body, regionStart + at + AbiType.WordSize);
            }
            case AbiTypeKind.FixedArray:
                return DecodeSequence(AbiEncoder.Repeat(type.Element!, type.Length), region[at..], regionStart + at);
            case AbiTypeKind.Tuple:
                return DecodeSequence(type.Components, region[at..], regionStart + at);
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> region, int at, int regionStart)
    {
        var length = ReadLength(region, at, regionStart, "length");
        var start = at + AbiType.WordSize;
        if (length > region.Length - start)
        {
            throw new AbiException(
                $"length {length} at byte {regionStart + at} runs past the end of the data ({regionStart + region.Length} bytes)");
        }

        return region.Slice(start, length);
    }

    private static int ReadLength(ReadOnlySpan<byte> region, int at, int regionStart, string what)
    {
        var word = Word(region, at, regionStart);
        if (word[..28].ContainsAnyExcept((byte)0))
        {
            throw new AbiException($"{what} at byte {regionStart + at} is too large");
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(word[28..]);
        return value <= int.MaxValue
            ? (int)value
            : throw new AbiException($"{what} at byte {regionStart + at} is too large");
    }

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> region, int at, int regionStart)
    {
        if (at < 0 || at > region.Length - AbiType.WordSize)
        {
            throw new AbiException(
                $"data too short: a word at byte {regionStart + at} needs {regionStart + at + AbiType.WordSize} bytes, have {regionStart + region.Length}");
        }

        return region.Slice(at, AbiType.WordSize);
    }
}
