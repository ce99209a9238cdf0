using System.Numerics;
using Contracts.State.Primitives;

namespace Contracts.Abi.Tests;

/// <summary>Values as the CLI reads and prints them.</summary>
public sealed class ValueTextTests
{
    [Theory]
    [InlineData("uint256", "1000000000000000000", "1000000000000000000")]
    [InlineData("uint256", "0xff", "255")]
    [InlineData("int16", "-32768", "-32768")]
    [InlineData("bool", "true", "true")]
    [InlineData("address", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("bytes", "0xdeadbeef", "0xdeadbeef")]
    [InlineData("bytes2", "0xBEEF", "0xbeef")]
    [InlineData("string", "hello, [world]", "hello, [world]")]
    [InlineData("uint8[]", "[1, 2,3]", "[1, 2, 3]")]
    [InlineData("string[]", "[\"a,b\", c]", "[\"a,b\", \"c\"]")]
    [InlineData("(uint256,bool[])", "(7,[true,false])", "(7, [true, false])")]
    [InlineData("uint256[][]", "[[1],[]]", "[[1], []]")]
    public void Text_parses_and_formats_back(string type, string text, string formatted)
    {
        var abiType = AbiType.Parse(type);
        var value = AbiValueParser.Parse(abiType, text);
        Assert.Equal(formatted, AbiValueFormatter.Format(abiType, value));
        // Whatever was parsed encodes, and what decodes formats the same.
        var decoded = AbiDecoder.Decode([abiType], AbiEncoder.Encode([abiType], [value]))[0];
        Assert.Equal(formatted, AbiValueFormatter.Format(abiType, decoded));
    }

    [Theory]
    [InlineData("uint8", "256")]
    [InlineData("uint256", "-1")]
    [InlineData("uint256", "1.5")]
    [InlineData("int8", "-129")]
    [InlineData("address", "0x1234")]
    [InlineData("address", "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("bool", "yes")]
    [InlineData("bytes", "0xabc")]
    [InlineData("bytes4", "0x01")]
    [InlineData("uint8[2]", "[1]")]
    [InlineData("uint8[]", "[1,[2]")]
    public void Bad_text_is_refused(string type, string text) =>
        Assert.Throws<AbiException>(() => AbiValueParser.Parse(AbiType.Parse(type), text));

    [Theory]
    // The EIP-55 specification's examples.
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Addresses_print_with_the_eip55_checksum(string expected) =>
        Assert.Equal(expected, AbiValueFormatter.ToChecksumAddress(Address.FromHex(expected.ToLowerInvariant())));

    [Fact]
    public void Top_level_strings_are_taken_verbatim()
    {
        Assert.Equal("\"quoted\"", AbiValueParser.Parse(AbiType.String, "\"quoted\""));
        Assert.Equal(new BigInteger(-1), AbiValueParser.Parse(AbiType.Int(256), "-0x1"));
    }
}
