using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Binary;

/// <summary>Constant expressions, read here through a global's initializer.</summary>
public sealed class ConstantExpressionDecodingTests
{
    private static byte[] GlobalWith(byte type, byte[] expression) => Module(Section(6, Vec([type, 0x00, .. expression])));

    private static ConstantExpression Decode(byte type, byte[] expression) =>
        Assert.Single(DecoderAssert.Decodes(GlobalWith(type, expression)).Globals).Initializer;

    [Fact]
    public void Numeric_constants_keep_their_values_and_float_bits()
    {
        Assert.Equal(ConstantExpression.I32(-2), Decode(I32, Expr(I32Const(-2))));
        Assert.Equal(ConstantExpression.I32(int.MinValue), Decode(I32, Expr(I32Const(int.MinValue))));
        Assert.Equal(ConstantExpression.I64(long.MinValue), Decode(I64, Expr([0x42, .. S64(long.MinValue)])));
        Assert.Equal(ConstantExpression.F32Bits(0x7FA00001), Decode(F32, Expr(0x43, 0x01, 0x00, 0xA0, 0x7F)));
        Assert.Equal(ConstantExpression.F64Bits(0xFFF0000000000001), Decode(F64, Expr(0x44, 0x01, 0, 0, 0, 0, 0, 0xF0, 0xFF)));
    }

    [Fact]
    public void Reference_and_global_constants_keep_their_operands()
    {
        Assert.Equal(ConstantExpression.RefNull(ValueType.ExternRef), Decode(ExternRef, Expr(0xD0, ExternRef)));
        Assert.Equal(ConstantExpression.RefNull(ValueType.FuncRef), Decode(FuncRef, Expr(0xD0, FuncRef)));
        Assert.Equal(ConstantExpression.RefFunc(300), Decode(FuncRef, Expr([0xD2, .. U32(300)])));
        Assert.Equal(ConstantExpression.GlobalGet(7), Decode(I32, Expr(0x23, 0x07)));
    }

    [Fact]
    public void An_empty_expression_is_a_type_mismatch() =>
        DecoderAssert.Invalid(GlobalWith(I32, Expr()), WasmErrorKind.TypeMismatch, "type mismatch");

    [Fact]
    public void Two_constants_are_a_type_mismatch()
    {
        var e = DecoderAssert.Invalid(GlobalWith(I32, Expr([.. I32Const(1), .. I32Const(2)])), WasmErrorKind.TypeMismatch, "type mismatch");
        Assert.Equal(Header.Length + 2 + 1 + 2 + 2, e.Offset); // the second i32.const
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x01, 0x41, 0x02, 0x6A })] // i32.add (an extended-constant, not 2.0)
    [InlineData(new byte[] { 0x01 })]                         // nop
    [InlineData(new byte[] { 0x20, 0x00 })]                   // local.get
    [InlineData(new byte[] { 0x00 })]                         // unreachable
    [InlineData(new byte[] { 0x02, 0x40 })]                   // block
    [InlineData(new byte[] { 0xFC, 0x00 })]                   // i32.trunc_sat_f32_s
    [InlineData(new byte[] { 0xD1 })]                         // ref.is_null
    public void Other_instructions_require_a_constant_expression(byte[] instructions) =>
        DecoderAssert.Invalid(GlobalWith(I32, Expr(instructions)), WasmErrorKind.ConstantExpressionRequired, "constant expression required");

    [Theory]
    [InlineData(new byte[] { 0x06 })]
    [InlineData(new byte[] { 0x27 })]
    [InlineData(new byte[] { 0xC5 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xFC, 0x12 })]
    public void Opcodes_that_do_not_exist_are_illegal(byte[] instructions) =>
        DecoderAssert.Malformed(GlobalWith(I32, Expr(instructions)), WasmErrorKind.IllegalOpcode, "illegal opcode");

    [Fact]
    public void A_missing_end_is_an_unexpected_end() =>
        DecoderAssert.Malformed(GlobalWith(I32, I32Const(1)), WasmErrorKind.UnexpectedEnd, "unexpected end");

    [Fact]
    public void Else_in_a_constant_expression_is_malformed() =>
        DecoderAssert.Malformed(GlobalWith(I32, Expr(0x41, 0x00, 0x05)), WasmErrorKind.EndOpcodeExpected, "END opcode expected");

    [Fact]
    public void Ref_null_needs_a_reference_type() =>
        DecoderAssert.Malformed(GlobalWith(FuncRef, Expr(0xD0, I32)), WasmErrorKind.MalformedReferenceType, "malformed reference type");
}
