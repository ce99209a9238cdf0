using System.Numerics;

namespace Contracts.Abi.Tests;

/// <summary>The worked examples of the Solidity ABI specification ("Examples" and "Use of Dynamic Types").</summary>
public sealed class SolidityDocumentationVectorTests
{
    [Fact]
    public void Baz_encodes_a_uint32_and_a_bool()
    {
        var function = AbiFunction.Parse("baz(uint32 x, bool y) returns (bool r)");
        Assert.Equal("0xcdcd77c0", HexText.Of(function.Selector));
        Assert.Equal(
            "0xcdcd77c0" +
            "0000000000000000000000000000000000000000000000000000000000000045" +
            "0000000000000000000000000000000000000000000000000000000000000001",
            HexText.Of(function.EncodeCall(69, true)));
    }

    [Fact]
    public void Bar_encodes_a_fixed_array_of_bytes3()
    {
        var function = AbiFunction.Parse("bar(bytes3[2])");
        Assert.Equal("0xfce353f6", HexText.Of(function.Selector));
        Assert.Equal(
            "0xfce353f6" +
            "6162630000000000000000000000000000000000000000000000000000000000" +
            "6465660000000000000000000000000000000000000000000000000000000000",
            HexText.Of(function.EncodeCall((object)new object[] { "abc"u8.ToArray(), "def"u8.ToArray() })));
    }

    [Fact]
    public void Sam_encodes_bytes_bool_and_a_dynamic_array()
    {
        var function = AbiFunction.Parse("sam(bytes,bool,uint256[])");
        var calldata = function.EncodeCall("dave"u8.ToArray(), true, new object[] { 1, 2, 3 });
        Assert.Equal(
            "0xa5643bf2" +
            "0000000000000000000000000000000000000000000000000000000000000060" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "0000000000000000000000000000000000000000000000000000000000000004" +
            "6461766500000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000003",
            HexText.Of(calldata));

        var decoded = function.DecodeCall(calldata);
        Assert.Equal("dave"u8.ToArray(), (byte[])decoded[0]!);
        Assert.Equal(true, decoded[1]);
        Assert.Equal(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }, (object[])decoded[2]!);
    }

    [Fact]
    public void F_encodes_static_and_dynamic_parameters_with_offsets()
    {
        var function = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)");
        var calldata = function.EncodeCall(0x123, new object[] { 0x456, 0x789 }, "1234567890"u8.ToArray(),
            "Hello, world!"u8.ToArray());
        Assert.Equal(
            "0x8be65246" +
            "0000000000000000000000000000000000000000000000000000000000000123" +
            "0000000000000000000000000000000000000000000000000000000000000080" +
            "3132333435363738393000000000000000000000000000000000000000000000" +
            "00000000000000000000000000000000000000000000000000000000000000e0" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000456" +
            "0000000000000000000000000000000000000000000000000000000000000789" +
            "000000000000000000000000000000000000000000000000000000000000000d" +
            "48656c6c6f2c20776f726c642100000000000000000000000000000000000000",
            HexText.Of(calldata));
    }

    [Fact]
    public void G_encodes_nested_dynamic_arrays_and_an_array_of_strings()
    {
        var function = AbiFunction.Parse("g(uint256[][],string[])");
        var calldata = function.EncodeCall(
            new object[] { new object[] { 1, 2 }, new object[] { 3 } },
            new object[] { "one", "two", "three" });
        Assert.Equal(
            "0x2289b18c" +
            "0000000000000000000000000000000000000000000000000000000000000040" +
            "0000000000000000000000000000000000000000000000000000000000000140" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000040" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000060" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "00000000000000000000000000000000000000000000000000000000000000e0" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "6f6e650000000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "74776f0000000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000005" +
            "7468726565000000000000000000000000000000000000000000000000000000",
            HexText.Of(calldata));

        var decoded = function.DecodeCall(calldata);
        var strings = (object[])decoded[1]!;
        Assert.Equal(["one", "two", "three"], strings.Cast<string>());
        var nested = (object[])decoded[0]!;
        Assert.Equal(new BigInteger(3), ((object[])nested[1]!)[0]);
    }

    [Fact]
    public void Erc20_selectors_and_the_transfer_topic_are_the_well_known_ones()
    {
        Assert.Equal("0xa9059cbb", HexText.Of(AbiFunction.Parse("transfer(address,uint256)").Selector));
        Assert.Equal("0x095ea7b3", HexText.Of(AbiFunction.Parse("approve(address,uint256)").Selector));
        Assert.Equal("0x23b872dd", HexText.Of(AbiFunction.Parse("transferFrom(address,address,uint256)").Selector));
        Assert.Equal("0x70a08231", HexText.Of(AbiFunction.Parse("balanceOf(address)").Selector));
        Assert.Equal("0x08c379a0", HexText.Of(AbiError.Error.Selector));
        Assert.Equal("0x4e487b71", HexText.Of(AbiError.Panic.Selector));
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            HexText.Of(AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)").Topic));
    }
}
