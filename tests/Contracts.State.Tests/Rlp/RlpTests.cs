using Contracts.State.Primitives;
using Contracts.State.Rlp;
using Xunit;

namespace Contracts.State.Tests.Rlp;

public sealed class RlpTests
{
    [Theory]
    [InlineData("", "80")]
    [InlineData("00", "00")]
    [InlineData("7f", "7f")]
    [InlineData("80", "8180")]
    [InlineData("646f67", "83646f67")]
    public void Strings_encode_canonically_and_read_back(string valueHex, string encodedHex)
    {
        var value = Convert.FromHexString(valueHex);
        var encoded = new byte[RlpWriter.LengthOfString(value)];
        var writer = new RlpWriter(encoded);
        writer.WriteString(value);
        Assert.Equal(encodedHex, Convert.ToHexStringLower(encoded));
        var reader = new RlpReader(encoded);
        Assert.Equal(value, reader.ReadString().ToArray());
        reader.RequireEnd();
    }

    [Theory]
    [InlineData(0ul, "80")]
    [InlineData(1ul, "01")]
    [InlineData(0x7ful, "7f")]
    [InlineData(0x80ul, "8180")]
    [InlineData(0x400ul, "820400")]
    [InlineData(ulong.MaxValue, "88ffffffffffffffff")]
    public void Unsigned_integers_encode_without_leading_zeros_and_read_back(ulong value, string encodedHex)
    {
        var encoded = new byte[RlpWriter.LengthOfUInt64(value)];
        var writer = new RlpWriter(encoded);
        writer.WriteUInt64(value);
        Assert.Equal(encoded.Length, writer.Position);
        Assert.Equal(encodedHex, Convert.ToHexStringLower(encoded));
        var reader = new RlpReader(encoded);
        Assert.Equal(value, reader.ReadUInt64());
    }

    [Fact]
    public void A_56_byte_string_uses_the_long_form()
    {
        var value = new byte[56];
        var encoded = new byte[RlpWriter.LengthOfString(value)];
        new RlpWriter(encoded).WriteString(value);
        Assert.Equal(new byte[] { 0xb8, 56 }, encoded[..2]);
        Assert.Equal(58, encoded.Length);
    }

    [Theory]
    [InlineData("8100", "single byte below 0x80")]
    [InlineData("b801aa", "long form")]
    [InlineData("b90000", "leading zero")]
    [InlineData("83aabb", "runs past the end")]
    [InlineData("", "unexpected end")]
    public void Non_canonical_or_truncated_input_is_rejected_with_its_offset(string hex, string reason)
    {
        var bytes = Convert.FromHexString(hex);
        var error = Assert.Throws<RlpException>(() => new RlpReader(bytes).ReadString());
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Integers_reject_leading_zeros_and_overflow()
    {
        Assert.Throws<RlpException>(() => new RlpReader([0x82, 0x00, 0x01]).ReadUInt64());
        Assert.Throws<RlpException>(() => new RlpReader([0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]).ReadUInt64());
        Assert.Equal(0x0102UL, new RlpReader([0x82, 0x01, 0x02]).ReadUInt64());
        Assert.Equal(UInt256.Zero, new RlpReader([0x80]).ReadUInt256());
    }
}
