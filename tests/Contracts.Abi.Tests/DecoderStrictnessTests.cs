using System.Numerics;

namespace Contracts.Abi.Tests;

/// <summary>Malformed and hostile encodings are refused with the byte offset, never decoded loosely or allocated.</summary>
public sealed class DecoderStrictnessTests
{
    private static byte[] Words(params string[] words) => HexText.Bytes(string.Concat(words.Select(w => w.PadLeft(64, '0'))));

    [Fact]
    public void Data_shorter_than_the_head_is_refused()
    {
        var e = Assert.Throws<AbiException>(() => AbiDecoder.Decode([AbiType.UInt256, AbiType.UInt256], Words("1")));
        Assert.Contains("byte 32", e.Message);
    }

    [Theory]
    [InlineData("uint8", "100")]
    [InlineData("address", "ff" + "0000000000000000000000000000000000000000")]
    [InlineData("bool", "2")]
    [InlineData("int8", "80")]
    [InlineData("bytes2", "616263")]
    public void Dirty_bits_are_refused(string type, string word)
    {
        var data = type == "bytes2" ? HexText.Bytes(word.PadRight(64, '0')) : Words(word);
        Assert.Throws<AbiException>(() => AbiDecoder.Decode([AbiType.Parse(type)], data));
    }

    [Fact]
    public void Negative_integers_decode_from_their_sign_extension()
    {
        var data = Words(new string('f', 64));
        Assert.Equal(BigInteger.MinusOne, AbiDecoder.Decode([AbiType.Int(8)], data)[0]);
        Assert.Equal(BigInteger.MinusOne, AbiDecoder.Decode([AbiType.Int(256)], data)[0]);
    }

    [Fact]
    public void An_offset_past_the_end_is_refused()
    {
        var e = Assert.Throws<AbiException>(() => AbiDecoder.Decode([AbiType.String], Words("1000")));
        Assert.Contains("offset 4096", e.Message);
    }

    [Fact]
    public void A_huge_offset_or_length_is_refused_without_allocating()
    {
        Assert.Throws<AbiException>(() => AbiDecoder.Decode([AbiType.Bytes], Words(new string('f', 64))));
        Assert.Throws<AbiException>(() => AbiDecoder.Decode([AbiType.Bytes], Words("20", "7fffffff")));
    }

    [Fact]
    public void An_array_count_the_data_cannot_hold_is_refused_before_allocating()
    {
        var e = Assert.Throws<AbiException>(() =>
            AbiDecoder.Decode([AbiType.ArrayOf(AbiType.UInt256)], Words("20", "7fffffff")));
        Assert.Contains("do not fit", e.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_refused()
    {
        var data = HexText.Bytes(string.Concat("20".PadLeft(64, '0'), "2".PadLeft(64, '0'), "c328".PadRight(64, '0')));
        Assert.Throws<AbiException>(() => AbiDecoder.Decode([AbiType.String], data));
    }

    [Fact]
    public void Values_that_do_not_fit_their_type_are_refused_when_encoding()
    {
        Assert.Throws<AbiException>(() => AbiEncoder.Encode([AbiType.UInt(8)], [256]));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode([AbiType.UInt256], [-1]));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode([AbiType.Int(8)], [128]));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode([AbiType.FixedBytes(4)], [new byte[3]]));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode([AbiType.Bool], ["true"]));
        Assert.Throws<AbiException>(() => AbiEncoder.Encode([AbiType.UInt256], [1, 2]));
    }
}
