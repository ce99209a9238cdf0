using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Contracts.State.Primitives;

namespace Contracts.Abi;

/// <summary>
/// Ethereum ABI encoding (the Solidity ABI specification's <c>enc</c>): heads and tails, 32-byte words, offsets
/// relative to the start of the enclosing sequence.
/// </summary>
/// <remarks>
/// Values: integers as <see cref="BigInteger"/> (or any CLR integer, <see cref="UInt256"/>); <c>address</c> as
/// <see cref="Address"/> or 20 bytes; <c>bool</c>; <c>bytes</c>/<c>bytesN</c> as <c>byte[]</c> (or
/// <see cref="Hash256"/> for <c>bytes32</c>); <c>string</c>; arrays and tuples as any <see cref="IList"/> (or a
/// C# tuple for tuples).
/// </remarks>
public static class AbiEncoder
{
    /// <summary>Encodes values as the ABI sequence of the given types (function arguments, return values).</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        var writer = new List<byte>(types.Count * AbiType.WordSize);
        EncodeSequence(writer, types, AsList(values), "argument");
        return writer.ToArray();
    }

    /// <summary>Encodes a 4-byte selector followed by the arguments: calldata for a function call.</summary>
    public static byte[] EncodeCall(ReadOnlySpan<byte> selector, IReadOnlyList<AbiType> types,
        IReadOnlyList<object?> values)
    {
        if (selector.Length != 4)
        {
            throw new ArgumentException("A selector is 4 bytes.", nameof(selector));
        }

        var writer = new List<byte>(4 + types.Count * AbiType.WordSize);
        writer.AddRange(selector);
        EncodeSequence(writer, types, AsList(values), "argument");
        return writer.ToArray();
    }

    /// <summary>The 32-byte encoding of one static value, as an indexed event topic holds it.</summary>
    public static byte[] EncodeWord(AbiType type, object? value)
    {
        if (type.IsDynamic || type.HeadSize != AbiType.WordSize)
        {
            throw new AbiException($"{type}: not a single-word type");
        }

        var writer = new List<byte>(AbiType.WordSize);
        EncodeValue(writer, type, value, type.CanonicalName);
        return writer.ToArray();
    }

    private static void EncodeSequence(List<byte> writer, IReadOnlyList<AbiType> types, IList values, string what)
    {
        if (types.Count != values.Count)
        {
            throw new AbiException($"expected {types.Count} {what}(s), got {values.Count}");
        }

        var headSize = 0;
        foreach (var type in types)
        {
            headSize += type.HeadSize;
        }

        var tails = new List<byte>();
        for (var i = 0; i < types.Count; i++)
        {
            var context = $"{what} {i} ({types[i]})";
            if (types[i].IsDynamic)
            {
                WriteUInt(writer, (ulong)(headSize + tails.Count));
                EncodeValue(tails, types[i], values[i], context);
            }
            else
            {
                EncodeValue(writer, types[i], values[i], context);
            }
        }

        writer.AddRange(tails);
    }

    private static IList AsList(IReadOnlyList<object?> values) => values as IList ?? values.ToArray();

    private static void EncodeValue(List<byte> writer, AbiType type, object? value, string context)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                var v = ToInteger(value, context);
                if (v.Sign < 0 || v >= BigInteger.One << type.Bits)
                {
                    throw new AbiException($"{context}: {v} does not fit in {type}");
                }

                WriteInteger(writer, v);
                break;
            }
            case AbiTypeKind.Int:
            {
                var v = ToInteger(value, context);
                var limit = BigInteger.One << (type.Bits - 1);
                if (v < -limit || v >= limit)
                {
                    throw new AbiException($"{context}: {v} does not fit in {type}");
                }

                WriteInteger(writer, v);
                break;
            }
            case AbiTypeKind.Address:
            {
                Span<byte> word = stackalloc byte[AbiType.WordSize];
                ToAddress(value, context).CopyTo(word[12..]);
                writer.AddRange(word);
                break;
            }
            case AbiTypeKind.Bool:
                WriteUInt(writer, value is bool b ? (b ? 1UL : 0UL) : throw Mismatch(context, value, "a bool"));
                break;
            case AbiTypeKind.FixedBytes:
            {
                var bytes = ToBytes(value, context);
                if (bytes.Length != type.ByteLength)
                {
                    throw new AbiException($"{context}: {type} takes {type.ByteLength} bytes, got {bytes.Length}");
                }

                WritePadded(writer, bytes);
                break;
            }
            case AbiTypeKind.Bytes:
            {
                var bytes = ToBytes(value, context);
                WriteUInt(writer, (ulong)bytes.Length);
                WritePadded(writer, bytes);
                break;
            }
            case AbiTypeKind.String:
            {
                var bytes = value is string s ? Encoding.UTF8.GetBytes(s) : throw Mismatch(context, value, "a string");
                WriteUInt(writer, (ulong)bytes.Length);
                WritePadded(writer, bytes);
                break;
            }
            case AbiTypeKind.Array:
            {
                var items = ToList(value, context);
                WriteUInt(writer, (ulong)items.Count);
                EncodeSequence(writer, Repeat(type.Element!, items.Count), items, context + " element");
                break;
            }
            case AbiTypeKind.FixedArray:
            {
                var items = ToList(value, context);
                if (items.Count != type.Length)
                {
                    throw new AbiException($"{context}: {type} takes {type.Length} elements, got {items.Count}");
                }

                EncodeSequence(writer, Repeat(type.Element!, items.Count), items, context + " element");
                break;
            }
            case AbiTypeKind.Tuple:
                EncodeSequence(writer, type.Components, ToList(value, context), context + " component");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    internal static AbiType[] Repeat(AbiType type, int count)
    {
        var types = new AbiType[count];
        Array.Fill(types, type);
        return types;
    }

    private static void WriteUInt(List<byte> writer, ulong value)
    {
        Span<byte> word = stackalloc byte[AbiType.WordSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
        writer.AddRange(word);
    }

    private static void WriteInteger(List<byte> writer, BigInteger value)
    {
        Span<byte> word = stackalloc byte[AbiType.WordSize];
        word.Fill(value.Sign < 0 ? (byte)0xff : (byte)0);
        var length = value.GetByteCount(isUnsigned: value.Sign >= 0);
        value.TryWriteBytes(word[(AbiType.WordSize - length)..], out _, isUnsigned: value.Sign >= 0, isBigEndian: true);
        writer.AddRange(word);
    }

    private static void WritePadded(List<byte> writer, ReadOnlySpan<byte> bytes)
    {
        writer.AddRange(bytes);
        var padding = (AbiType.WordSize - bytes.Length % AbiType.WordSize) % AbiType.WordSize;
        for (var i = 0; i < padding; i++)
        {
            writer.Add(0);
        }
    }

    private static BigInteger ToInteger(object? value, string context) => value switch
    {
        BigInteger v => v,
        UInt256 v => v.ToBigInteger(),
        int v => v,
        long v => v,
        uint v => v,
        ulong v => v,
        short v => v,
        ushort v => v,
        byte v => v,
        sbyte v => v,
        Int128 v => v,
        UInt128 v => v,
        _ => throw Mismatch(context, value, "an integer"),
    };

    private static Address ToAddress(object? value, string context) => value switch
    {
        Address a => a,
        byte[] { Length: Address.Length } bytes => new Address(bytes),
        _ => throw Mismatch(context, value, "an address (20 bytes)"),
    };

    private static byte[] ToBytes(object? value, string context) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        Memory<byte> memory => memory.ToArray(),
        Hash256 hash => hash.ToArray(),
        _ => throw Mismatch(context, value, "bytes"),
    };

    private static IList ToList(object? value, string context) => value switch
    {
        IList list => list,
        ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray(),
        _ => throw Mismatch(context, value, "a list of values"),
    };

    private static AbiException Mismatch(string context, object? value, string expected) =>
        new($"{context}: expected {expected}, got {(value is null ? "null" : value.GetType().Name)}");
}
