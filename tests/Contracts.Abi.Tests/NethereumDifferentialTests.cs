using System.Collections;
using System.Numerics;
using Contracts.State.Primitives;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace Contracts.Abi.Tests;

/// <summary>
/// The codec against Nethereum's ABI encoder, an independent implementation: random types (integers of every width,
/// addresses, bools, fixed and dynamic bytes, strings, fixed and dynamic arrays of them, nested) and random values
/// from a fixed seed, encoded by both; our decoder reads back what Nethereum wrote.
/// </summary>
public sealed class NethereumDifferentialTests
{
    private const int Cases = 400;

    [Fact]
    public void Random_argument_lists_encode_to_the_bytes_nethereum_writes_and_decode_back()
    {
        var random = new Random(20261206);
        for (var n = 0; n < Cases; n++)
        {
            var count = random.Next(1, 5);
            var types = new AbiType[count];
            var values = new object[count];
            for (var i = 0; i < count; i++)
            {
                types[i] = RandomType(random, depth: 0);
                values[i] = RandomValue(random, types[i]);
            }

            var ours = AbiEncoder.Encode(types, values);
            var theirs = new ABIEncode().GetABIEncoded(
                types.Select((t, i) => new ABIValue(t.CanonicalName, ToNethereum(t, values[i]))).ToArray());
            Assert.True(ours.AsSpan().SequenceEqual(theirs),
                $"case {n}: ({string.Join(",", types.Select(t => t.CanonicalName))})\nours   {HexText.Of(ours)}\ntheirs {HexText.Of(theirs)}");

            var decoded = AbiDecoder.Decode(types, theirs);
            Assert.Equal(ours, AbiEncoder.Encode(types, decoded));
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(Canonical(types[i], values[i]), Canonical(types[i], decoded[i]));
            }
        }
    }

    [Fact]
    public void Nethereum_decodes_what_we_encode_into_the_same_values()
    {
        var random = new Random(7);
        for (var n = 0; n < Cases; n++)
        {
            var type = RandomElementary(random);
            var value = RandomValue(random, type);
            var encoded = AbiEncoder.Encode([type, AbiType.String], [value, "tail"]);
            var outputs = new ParameterDecoder().DecodeDefaultData(encoded,
                new Parameter(type.CanonicalName, "a", 1), new Parameter("string", "b", 2));
            Assert.Equal(Canonical(type, value), Canonical(type, FromNethereum(type, outputs[0].Result)));
            Assert.Equal("tail", outputs[1].Result);
        }
    }

    private static AbiType RandomType(Random random, int depth)
    {
        var pick = random.Next(depth < 2 ? 10 : 7);
        return pick switch
        {
            < 7 => RandomElementary(random),
            7 or 8 => AbiType.ArrayOf(RandomType(random, depth + 1)),
            _ => AbiType.FixedArrayOf(RandomType(random, depth + 1), random.Next(1, 4)),
        };
    }

    private static AbiType RandomElementary(Random random) => random.Next(7) switch
    {
        0 => AbiType.UInt(8 * random.Next(1, 33)),
        1 => AbiType.Int(8 * random.Next(1, 33)),
        2 => AbiType.Address,
        3 => AbiType.Bool,
        4 => AbiType.FixedBytes(random.Next(1, 33)),
        5 => AbiType.Bytes,
        _ => AbiType.String,
    };

    private static object RandomValue(Random random, AbiType type)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                var bits = random.Next(4) == 0 ? type.Bits : random.Next(0, type.Bits + 1);
                return RandomBits(random, bits);
            }
            case AbiTypeKind.Int:
            {
                var magnitude = RandomBits(random, random.Next(0, type.Bits));
                return random.Next(2) == 0 ? magnitude : -magnitude - 1;
            }
            case AbiTypeKind.Address:
                return new Address(RandomBytes(random, 20));
            case AbiTypeKind.Bool:
                return random.Next(2) == 0;
            case AbiTypeKind.FixedBytes:
                return RandomBytes(random, type.ByteLength);
            case AbiTypeKind.Bytes:
                return RandomBytes(random, random.Next(0, 80));
            case AbiTypeKind.String:
                return new string(Enumerable.Range(0, random.Next(0, 70))
                    .Select(_ => random.Next(10) == 0 ? 'é' : (char)random.Next(32, 127)).ToArray());
            case AbiTypeKind.Array:
                return Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, type.Element!)).ToArray();
            case AbiTypeKind.FixedArray:
                return Enumerable.Range(0, type.Length).Select(_ => RandomValue(random, type.Element!)).ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    private static BigInteger RandomBits(Random random, int bits)
    {
        if (bits == 0)
        {
            return BigInteger.Zero;
        }

        var bytes = RandomBytes(random, (bits + 7) / 8);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return value & ((BigInteger.One << bits) - 1);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static object ToNethereum(AbiType type, object value) => type.Kind switch
    {
        AbiTypeKind.Address => ((Address)value).ToString(),
        AbiTypeKind.Array or AbiTypeKind.FixedArray =>
            ((IList)value).Cast<object>().Select(v => ToNethereum(type.Element!, v)).ToList(),
        _ => value,
    };

    private static object? FromNethereum(AbiType type, object? value) => type.Kind switch
    {
        AbiTypeKind.Address => Address.FromHex((string)value!),
        _ => value,
    };

    /// <summary>A text form that two equal values share whatever CLR types carry them.</summary>
    private static string Canonical(AbiType type, object? value) => AbiValueFormatter.Format(type, value, quoteStrings: true);
}
