using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Xunit;

namespace Contracts.Engine.Tests.Binary;

public sealed class WasmReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0xE5, 0x8E, 0x26 }, 624485u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)] // not minimal, but within 5 bytes: allowed
    [InlineData(new byte[] { 0x83, 0x80, 0x80, 0x80, 0x00 }, 3u)]
    public void ReadVarUInt32_decodes_valid_encodings(byte[] bytes, uint expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadVarUInt32());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, WasmErrorKind.IntegerRepresentationTooLong, 4)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, WasmErrorKind.IntegerRepresentationTooLong, 4)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, WasmErrorKind.IntegerTooLarge, 4)]
    [InlineData(new byte[] { 0x82, 0x80, 0x80, 0x80, 0x70 }, WasmErrorKind.IntegerTooLarge, 4)]
    [InlineData(new byte[] { 0x82, 0x80, 0x80, 0x80, 0x40 }, WasmErrorKind.IntegerTooLarge, 4)]
    [InlineData(new byte[] { 0x80 }, WasmErrorKind.UnexpectedEnd, 1)]
    [InlineData(new byte[] { }, WasmErrorKind.UnexpectedEnd, 0)]
    public void ReadVarUInt32_rejects_malformed_encodings_at_the_offending_byte(byte[] bytes, WasmErrorKind kind, int offset)
    {
        var e = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadVarUInt32());
        Assert.Equal(kind, e.Kind);
        Assert.Equal(offset, e.Offset);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0)]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0xC0, 0x00 }, 64)]
    [InlineData(new byte[] { 0xBF, 0x7F }, -65)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)] // not minimal: allowed
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0)]
    public void ReadVarInt32_decodes_valid_encodings(byte[] bytes, int expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadVarInt32());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, WasmErrorKind.IntegerRepresentationTooLong)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, WasmErrorKind.IntegerRepresentationTooLong)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, WasmErrorKind.IntegerTooLarge)] // positive, unused bits set
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, WasmErrorKind.IntegerTooLarge)] // negative, unused bits clear
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x1F }, WasmErrorKind.IntegerTooLarge)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x4F }, WasmErrorKind.IntegerTooLarge)]
    public void ReadVarInt32_rejects_malformed_encodings(byte[] bytes, WasmErrorKind kind)
    {
        var e = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadVarInt32());
        Assert.Equal(kind, e.Kind);
        Assert.Equal(4, e.Offset);
    }

    [Theory]
    [InlineData(new byte[] { 0x40 }, -64L)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 4294967295L)] // 2^32 - 1: the largest s33
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, -4294967296L)] // -2^32: the smallest s33
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1L)]
    public void ReadVarInt33_decodes_the_whole_33_bit_range(byte[] bytes, long expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadVarInt33());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, WasmErrorKind.IntegerTooLarge)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x20 }, WasmErrorKind.IntegerTooLarge)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, WasmErrorKind.IntegerRepresentationTooLong)]
    public void ReadVarInt33_rejects_malformed_encodings(byte[] bytes, WasmErrorKind kind)
    {
        var e = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadVarInt33());
        Assert.Equal(kind, e.Kind);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1L)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, long.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F }, long.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1L)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, 0L)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 0xFFFFFFFFL)]
    public void ReadVarInt64_decodes_valid_encodings(byte[] bytes, long expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadVarInt64());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, WasmErrorKind.IntegerRepresentationTooLong)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, WasmErrorKind.IntegerTooLarge)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E }, WasmErrorKind.IntegerTooLarge)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02 }, WasmErrorKind.IntegerTooLarge)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41 }, WasmErrorKind.IntegerTooLarge)]
    public void ReadVarInt64_rejects_malformed_encodings(byte[] bytes, WasmErrorKind kind)
    {
        var e = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadVarInt64());
        Assert.Equal(kind, e.Kind);
        Assert.Equal(9, e.Offset);
    }

    [Fact]
    public void Errors_report_absolute_offsets_when_the_reader_covers_a_slice()
    {
        byte[] bytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        var e = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes, baseOffset: 100).ReadVarUInt32());
        Assert.Equal(104, e.Offset);
        Assert.EndsWith("(at byte offset 0x68)", e.Message);
    }

    [Fact]
    public void Float_immediates_keep_their_raw_bits()
    {
        byte[] bytes = [0x01, 0x00, 0xA0, 0x7F, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF4, 0x7F];
        var reader = new WasmReader(bytes);
        Assert.Equal(0x7FA00001u, reader.ReadFloat32Bits()); // a signalling NaN with a payload
        Assert.Equal(0x7FF4000000000001ul, reader.ReadFloat64Bits());
    }

    [Fact]
    public void Names_are_validated_as_UTF8()
    {
        byte[] valid = [0x03, 0xE2, 0x82, 0xAC];
        Assert.Equal("€", new WasmReader(valid).ReadName());

        byte[] surrogate = [0x03, 0xED, 0xA0, 0x80];
        Assert.Equal(WasmErrorKind.MalformedUtf8, Assert.Throws<WasmDecodeException>(() => new WasmReader(surrogate).ReadName()).Kind);
        byte[] overlong = [0x02, 0xC0, 0x80];
        Assert.Equal(WasmErrorKind.MalformedUtf8, Assert.Throws<WasmDecodeException>(() => new WasmReader(overlong).ReadName()).Kind);
    }

    [Fact]
    public void A_name_longer_than_the_input_is_length_out_of_bounds()
    {
        byte[] bytes = [0x05, 0x61, 0x62];
        var e = Assert.Throws<WasmDecodeException>(() => new WasmReader(bytes).ReadName());
        Assert.Equal(WasmErrorKind.LengthOutOfBounds, e.Kind);
        Assert.StartsWith("length out of bounds", e.Detail);
    }
}
