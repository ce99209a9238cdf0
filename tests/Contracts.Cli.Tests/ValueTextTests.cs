using Contracts.Cli.Values;
using Contracts.Engine.Runtime;
using FsCheck.Xunit;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Cli.Tests;

public sealed class ValueTextTests
{
    [Property]
    public bool Every_f64_bit_pattern_prints_and_parses_back_to_the_same_bits(ulong bits) =>
        ValueText.TryParse(ValueText.Format(Value.F64FromBits(bits)), ValueType.F64, out var value, out _) && value.Bits == bits;

    [Property]
    public bool Every_f32_bit_pattern_prints_and_parses_back_to_the_same_bits(uint bits) =>
        ValueText.TryParse(ValueText.Format(Value.F32FromBits(bits)), ValueType.F32, out var value, out _) && value.Bits == bits;

    [Property]
    public bool Every_i64_prints_as_signed_decimal_and_parses_back(long number) =>
        ValueText.Format(Value.I64(number)) == number.ToString()
        && ValueText.TryParse(number.ToString(), ValueType.I64, out var value, out _) && value.AsI64() == number;

    [Property]
    public bool Unsigned_and_signed_spellings_of_an_i32_agree(int number) =>
        ValueText.TryParse(((uint)number).ToString(), ValueType.I32, out var unsigned, out _)
        && ValueText.TryParse($"0x{(uint)number:x}", ValueType.I32, out var hex, out _)
        && unsigned.AsI32() == number && hex.AsI32() == number;

    [Theory]
    [InlineData(0x7FC0_0000u, "nan")]
    [InlineData(0xFFC0_0000u, "-nan")]
    [InlineData(0x7FA0_0000u, "nan:0x200000")]
    [InlineData(0x7F80_0001u, "nan:0x1")]
    [InlineData(0x7F80_0000u, "inf")]
    [InlineData(0xFF80_0000u, "-inf")]
    [InlineData(0x8000_0000u, "-0")]
    [InlineData(0x0000_0001u, "1E-45")]
    [InlineData(0x3DCC_CCCDu, "0.1")]
    public void F32_special_values_print_as_documented(uint bits, string text) =>
        Assert.Equal(text, ValueText.FormatF32(bits));

    [Theory]
    [InlineData(0x7FF8_0000_0000_0000ul, "nan")]
    [InlineData(0xFFF8_0000_0000_0000ul, "-nan")]
    [InlineData(0x7FF0_0000_0000_0001ul, "nan:0x1")]
    [InlineData(0x7FF4_0000_0000_0000ul, "nan:0x4000000000000")]
    [InlineData(0xFFF0_0000_0000_0000ul, "-inf")]
    [InlineData(0x8000_0000_0000_0000ul, "-0")]
    [InlineData(0x3FD3_3333_3333_3334ul, "0.30000000000000004")]
    [InlineData(0x7FEF_FFFF_FFFF_FFFFul, "1.7976931348623157E+308")]
    public void F64_special_values_print_as_documented(ulong bits, string text) =>
        Assert.Equal(text, ValueText.FormatF64(bits));

    [Theory]
    [InlineData("", ValueType.I32)]
    [InlineData("-", ValueType.I32)]
    [InlineData("0x", ValueType.I32)]
    [InlineData("1.0", ValueType.I32)]
    [InlineData(" 1", ValueType.I32)]
    [InlineData("0x1_0", ValueType.I64)]
    [InlineData("Infinity", ValueType.F64)]
    [InlineData("∞", ValueType.F64)]
    [InlineData("nan:1", ValueType.F64)]
    [InlineData("nan:0x10000000000000", ValueType.F64)]
    [InlineData("e", ValueType.F64)]
    [InlineData("ref", ValueType.FuncRef)]
    [InlineData("0", ValueType.V128)]
    public void Malformed_text_is_rejected_with_a_reason(string text, ValueType type)
    {
        Assert.False(ValueText.TryParse(text, type, out _, out string error));
        Assert.NotEqual("", error);
    }

    [Fact]
    public void References_format_as_null_or_ref()
    {
        Assert.Equal("null", ValueText.Format(Value.NullRef(ValueType.FuncRef)));
        Assert.Equal("null", ValueText.Format(Value.NullRef(ValueType.ExternRef)));
        Assert.Equal("ref", ValueText.Format(Value.ExternRef(5)));
    }
}
