using System.Runtime.InteropServices;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Binary;

/// <summary>Element segments in all eight flag forms, and data segments in all three.</summary>
public sealed class SegmentDecodingTests
{
    private static ElementSegment DecodeElement(params byte[] segment)
    {
        var bytes = Module(
            EmptyTypeSection(),
            FunctionSection(0, 0, 0),
            Section(4, Vec([FuncRef, 0x00, 0x01], [FuncRef, 0x00, 0x01], [ExternRef, 0x00, 0x01])),
            Section(9, Vec(segment)),
            CodeSection(Body([End]), Body([End]), Body([End])));
        return Assert.Single(DecoderAssert.Decodes(bytes).Elements);
    }

    private static readonly byte[] Offset5 = Expr(I32Const(5));
    private static readonly byte[] RefFunc1 = Expr(0xD2, 0x01);
    private static readonly byte[] RefNullFunc = Expr(0xD0, FuncRef);

    [Fact]
    public void Form_0_is_active_on_table_0_with_function_indices()
    {
        var segment = DecodeElement([0x00, .. Offset5, .. Vec([0x02], [0x00])]);
        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(0u, segment.TableIndex);
        Assert.Equal(ConstantExpression.I32(5), segment.Offset);
        Assert.Equal(ValueType.FuncRef, segment.ElementType);
        Assert.Equal([ConstantExpression.RefFunc(2), ConstantExpression.RefFunc(0)], segment.Items);
    }

    [Fact]
    public void Form_1_is_passive_with_an_element_kind_and_function_indices()
    {
        var segment = DecodeElement([0x01, 0x00, .. Vec([0x01])]);
        Assert.Equal(SegmentMode.Passive, segment.Mode);
        Assert.Equal(ValueType.FuncRef, segment.ElementType);
        Assert.Equal([ConstantExpression.RefFunc(1)], segment.Items);
    }

    [Fact]
    public void Form_2_is_active_on_an_explicit_table_with_function_indices()
    {
        var segment = DecodeElement([0x02, 0x01, .. Offset5, 0x00, .. Vec([0x00], [0x01])]);
        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(1u, segment.TableIndex);
        Assert.Equal(ConstantExpression.I32(5), segment.Offset);
        Assert.Equal([ConstantExpression.RefFunc(0), ConstantExpression.RefFunc(1)], segment.Items);
    }

    [Fact]
    public void Form_3_is_declarative_with_function_indices()
    {
        var segment = DecodeElement([0x03, 0x00, .. Vec([0x02])]);
        Assert.Equal(SegmentMode.Declarative, segment.Mode);
        Assert.Equal([ConstantExpression.RefFunc(2)], segment.Items);
    }

    [Fact]
    public void Form_4_is_active_on_table_0_with_expressions()
    {
        var segment = DecodeElement([0x04, .. Offset5, .. Vec(RefFunc1, RefNullFunc)]);
        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(0u, segment.TableIndex);
        Assert.Equal(ValueType.FuncRef, segment.ElementType);
        Assert.Equal([ConstantExpression.RefFunc(1), ConstantExpression.RefNull(ValueType.FuncRef)], segment.Items);
    }

    [Fact]
    public void Form_5_is_passive_with_a_reference_type_and_expressions()
    {
        var segment = DecodeElement([0x05, ExternRef, .. Vec(Expr(0xD0, ExternRef))]);
        Assert.Equal(SegmentMode.Passive, segment.Mode);
        Assert.Equal(ValueType.ExternRef, segment.ElementType);
        Assert.Equal([ConstantExpression.RefNull(ValueType.ExternRef)], segment.Items);
    }

    [Fact]
    public void Form_6_is_active_on_an_explicit_table_with_a_reference_type_and_expressions()
    {
        var segment = DecodeElement([0x06, 0x02, .. Expr(0x23, 0x00), ExternRef, .. Vec(Expr(0xD0, ExternRef))]);
        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(2u, segment.TableIndex);
        Assert.Equal(ConstantExpression.GlobalGet(0), segment.Offset);
        Assert.Equal(ValueType.ExternRef, segment.ElementType);
    }

    [Fact]
    public void Form_7_is_declarative_with_a_reference_type_and_expressions()
    {
        var segment = DecodeElement([0x07, FuncRef, .. Vec(RefFunc1)]);
        Assert.Equal(SegmentMode.Declarative, segment.Mode);
        Assert.Equal(ValueType.FuncRef, segment.ElementType);
        Assert.Equal([ConstantExpression.RefFunc(1)], segment.Items);
    }

    [Theory]
    [InlineData(0x08)]
    [InlineData(0x7F)]
    public void Element_flags_above_7_are_malformed(byte flags) =>
        DecoderAssert.Malformed(Module(Section(9, Vec([flags, 0x00]))), WasmErrorKind.MalformedElementSegment, "malformed elements segment kind");

    [Fact]
    public void The_element_kind_of_index_forms_must_be_0() =>
        DecoderAssert.Malformed(Module(Section(9, Vec([0x01, 0x01, 0x00]))), WasmErrorKind.MalformedElementKind, "malformed element kind");

    [Fact]
    public void The_reference_type_of_expression_forms_must_be_a_reference_type() =>
        DecoderAssert.Malformed(Module(Section(9, Vec([0x05, I32, 0x00]))), WasmErrorKind.MalformedReferenceType, "malformed reference type");

    [Fact]
    public void An_illegal_opcode_in_an_element_expression_is_malformed() =>
        DecoderAssert.Malformed(Module(Section(9, Vec([0x05, FuncRef, 0x01, 0xF3, 0x00, End]))), WasmErrorKind.IllegalOpcode, "illegal opcode");

    [Fact]
    public void Data_segments_decode_in_all_three_forms_as_slices_of_the_module()
    {
        var bytes = Module(
            Section(5, Vec([0x00, 0x01])),
            Section(11, Vec(
                [0x00, .. Expr(I32Const(16)), .. U32(3), 0x01, 0x02, 0x03],
                [0x01, .. U32(0)],
                [0x02, 0x00, .. Expr(0x23, 0x04), .. U32(2), 0xAB, 0xCD])));
        var data = DecoderAssert.Decodes(bytes).Data;
        Assert.Equal(3, data.Length);

        Assert.Equal(SegmentMode.Active, data[0].Mode);
        Assert.Equal(0u, data[0].MemoryIndex);
        Assert.Equal(ConstantExpression.I32(16), data[0].Offset);
        Assert.Equal([1, 2, 3], data[0].Data.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(data[0].Data, out var slice));
        Assert.Same(bytes, slice.Array);

        Assert.Equal(SegmentMode.Passive, data[1].Mode);
        Assert.Equal(0, data[1].Data.Length);

        Assert.Equal(SegmentMode.Active, data[2].Mode);
        Assert.Equal(ConstantExpression.GlobalGet(4), data[2].Offset);
        Assert.Equal([0xAB, 0xCD], data[2].Data.ToArray());
    }

    [Fact]
    public void Data_flags_above_2_are_malformed() =>
        DecoderAssert.Malformed(Module(Section(11, Vec([0x03, 0x00]))), WasmErrorKind.MalformedDataSegment, "malformed data segment kind");

    [Fact]
    public void Data_longer_than_the_module_is_an_unexpected_end() =>
        DecoderAssert.Malformed(Module(Section(11, Vec([0x01, 0x05, 0x01]))), WasmErrorKind.UnexpectedEnd, "unexpected end");
}
