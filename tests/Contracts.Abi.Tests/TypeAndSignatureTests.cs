namespace Contracts.Abi.Tests;

public sealed class TypeAndSignatureTests
{
    [Theory]
    [InlineData("uint", "uint256", false, 32)]
    [InlineData("int", "int256", false, 32)]
    [InlineData("bytes32", "bytes32", false, 32)]
    [InlineData("address[]", "address[]", true, 32)]
    [InlineData("uint8[3]", "uint8[3]", false, 96)]
    [InlineData("string[2]", "string[2]", true, 32)]
    [InlineData("uint8[3][]", "uint8[3][]", true, 32)]
    [InlineData("(uint256, address)", "(uint256,address)", false, 64)]
    [InlineData("(uint256,string)[2]", "(uint256,string)[2]", true, 32)]
    public void Types_parse_to_their_canonical_name_and_layout(string text, string canonical, bool dynamic, int head)
    {
        var type = AbiType.Parse(text);
        Assert.Equal(canonical, type.CanonicalName);
        Assert.Equal(dynamic, type.IsDynamic);
        Assert.Equal(head, type.HeadSize);
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("uint08")]
    [InlineData("bytes0")]
    [InlineData("bytes33")]
    [InlineData("fixed128x18")]
    [InlineData("uint256[0]")]
    [InlineData("uint256[")]
    [InlineData("(uint256")]
    [InlineData("address payable")]
    public void Invalid_types_are_refused(string text) => Assert.Throws<AbiException>(() => AbiType.Parse(text));

    [Fact]
    public void Cast_style_signatures_carry_outputs()
    {
        var function = AbiFunction.Parse("balanceOf(address)(uint256)");
        Assert.Equal("balanceOf(address)", function.Signature);
        Assert.Equal("uint256", Assert.Single(function.OutputTypes).CanonicalName);

        var solidity = AbiFunction.Parse("function allowance(address owner, address spender) view returns (uint256)");
        Assert.Equal("allowance(address,address)", solidity.Signature);
        Assert.True(solidity.IsReadOnly);
        Assert.Equal("owner", solidity.Inputs[0].Name);
    }

    [Fact]
    public void Tuples_encode_as_their_components_in_the_tail_when_dynamic()
    {
        var function = AbiFunction.Parse("f((uint256,string))");
        Assert.Equal("f((uint256,string))", function.Signature);
        var calldata = function.EncodeCall((object)new object[] { 1, "a" });
        Assert.Equal(
            HexText.Of(function.Selector) +
            "0000000000000000000000000000000000000000000000000000000000000020" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000040" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "6100000000000000000000000000000000000000000000000000000000000000",
            HexText.Of(calldata));
        var decoded = (object[])function.DecodeCall(calldata)[0]!;
        Assert.Equal("a", decoded[1]);

        var staticTuple = AbiFunction.Parse("g((uint8,bool))");
        Assert.Equal(
            HexText.Of(staticTuple.Selector) +
            "0000000000000000000000000000000000000000000000000000000000000007" +
            "0000000000000000000000000000000000000000000000000000000000000001",
            HexText.Of(staticTuple.EncodeCall(((byte)7, true))));
    }
}
