using System.Runtime.InteropServices;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Binary;

/// <summary>Header, section framing (ids, order, sizes) and custom sections.</summary>
public sealed class ModuleStructureTests
{
    [Fact]
    public void A_header_alone_is_an_empty_module()
    {
        var module = DecoderAssert.Decodes(Module());
        Assert.Empty(module.Types);
        Assert.Empty(module.Bodies);
        Assert.Null(module.StartFunction);
        Assert.Null(module.DataCount);
    }

    [Theory]
    [InlineData(new byte[] { }, WasmErrorKind.UnexpectedEnd, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 }, WasmErrorKind.UnexpectedEnd, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00 }, WasmErrorKind.UnexpectedEnd, "unexpected end")]
    [InlineData(new byte[] { 0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00 }, WasmErrorKind.BadMagic, "magic header not detected")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00 }, WasmErrorKind.UnsupportedVersion, "unknown binary version")]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x01, 0x00 }, WasmErrorKind.UnsupportedVersion, "unknown binary version")]
    public void Bad_headers_are_malformed(byte[] bytes, WasmErrorKind kind, string message) =>
        DecoderAssert.Malformed(bytes, kind, message);

    [Theory]
    [InlineData(13)]
    [InlineData(0x7F)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Unknown_section_ids_are_malformed(byte id)
    {
        var e = DecoderAssert.Malformed(Module([id, 0x00]), WasmErrorKind.MalformedSectionId, "malformed section id");
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Sections_out_of_order_are_rejected()
    {
        var bytes = Module(FunctionSection(0), EmptyTypeSection(), CodeSection(Body([End])));
        var e = DecoderAssert.Malformed(bytes, WasmErrorKind.SectionOutOfOrder, "unexpected content after last section");
        Assert.Contains("type section after function section", e.Detail);
    }

    [Fact]
    public void A_repeated_section_is_rejected()
    {
        var start = Section(8, U32(0));
        var bytes = Module(EmptyTypeSection(), FunctionSection(0), start, start, CodeSection(Body([End])));
        DecoderAssert.Malformed(bytes, WasmErrorKind.SectionOutOfOrder, "unexpected content after last section");
    }

    [Fact]
    public void The_data_count_section_sits_between_element_and_code()
    {
        var memory = Section(5, Vec([0x00, 0x01]));
        var dataCount = Section(12, U32(1));
        var elements = Section(9, Vec([]));
        var code = CodeSection();
        var data = Section(11, Vec([0x01, .. U32(2), 0xAA, 0xBB]));
        var module = DecoderAssert.Decodes(Module(memory, elements, dataCount, code, data));
        Assert.Equal(1u, module.DataCount);

        DecoderAssert.Malformed(Module(memory, dataCount, elements, data), WasmErrorKind.SectionOutOfOrder, "unexpected content after last section");
        DecoderAssert.Malformed(Module(memory, code, dataCount, data), WasmErrorKind.SectionOutOfOrder, "unexpected content after last section");
    }

    [Fact]
    public void Every_non_custom_section_in_the_required_order_decodes()
    {
        var bytes = Module(
            EmptyTypeSection(),
            Section(2, Vec([.. Name("env"), .. Name("f"), 0x00, 0x00])),
            FunctionSection(0),
            Section(4, Vec([FuncRef, 0x00, 0x01])),
            Section(5, Vec([0x00, 0x01])),
            Section(6, Vec([I32, 0x00, .. Expr(I32Const(7))])),
            Section(7, Vec([.. Name("run"), 0x00, 0x01])),
            Section(8, U32(1)),
            Section(9, Vec([0x00, .. Expr(I32Const(0)), .. Vec([0x01])])),
            Section(12, U32(1)),
            CodeSection(Body([End])),
            Section(11, Vec([0x00, .. Expr(I32Const(0)), .. U32(1), 0x2A])));
        var module = DecoderAssert.Decodes(bytes);
        Assert.Single(module.Types);
        Assert.Single(module.Imports);
        Assert.Equal([0u], module.FunctionTypeIndices);
        Assert.Single(module.Tables);
        Assert.Single(module.Memories);
        Assert.Single(module.Globals);
        Assert.Equal(new Export("run", ExternalKind.Function, 1), module.Exports[0]);
        Assert.Equal(1u, module.StartFunction);
        Assert.Single(module.Elements);
        Assert.Single(module.Bodies);
        Assert.Single(module.Data);
    }

    [Fact]
    public void A_section_size_beyond_the_module_is_length_out_of_bounds()
    {
        byte[] bytes = [.. Header, 0x01, 0x07, 0x01, 0x60, 0x00, 0x00];
        var e = DecoderAssert.Malformed(bytes, WasmErrorKind.LengthOutOfBounds, "length out of bounds");
        Assert.Equal(9, e.Offset);
    }

    [Fact]
    public void A_section_with_bytes_left_over_is_a_size_mismatch()
    {
        // Type section says 1 type but holds 2.
        byte[] bytes = [.. Header, 0x01, 0x07, 0x01, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00];
        DecoderAssert.Malformed(bytes, WasmErrorKind.SectionSizeMismatch, "section size mismatch");
    }

    [Fact]
    public void A_section_whose_contents_run_past_its_size_is_a_size_mismatch()
    {
        // The start section's size is 1 but its function index takes 2 bytes.
        var bytes = Module(EmptyTypeSection(), FunctionSection(0), [0x08, 0x01, 0x80, 0x01], CodeSection(Body([End])));
        DecoderAssert.Malformed(bytes, WasmErrorKind.SectionSizeMismatch, "section size mismatch");
    }

    [Fact]
    public void A_vector_count_that_cannot_fit_is_rejected_before_allocating()
    {
        // 2^32 - 1 types announced in a 6-byte section.
        byte[] bytes = [.. Header, 0x01, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60];
        DecoderAssert.Malformed(bytes, WasmErrorKind.UnexpectedEndOfSection, "unexpected end of section or function");
    }

    [Fact]
    public void Custom_sections_may_appear_anywhere_and_keep_their_contents_without_copying()
    {
        var bytes = Module(
            Section(0, Name("first"), [1, 2, 3]),
            EmptyTypeSection(),
            Section(0, Name("between"), []),
            FunctionSection(0),
            CodeSection(Body([End])),
            Section(0, Name("last"), [9]));
        var module = DecoderAssert.Decodes(bytes);
        Assert.Equal(["first", "between", "last"], module.CustomSections.Select(c => c.Name));
        Assert.Equal([1, 2, 3], module.CustomSections[0].Content.ToArray());
        Assert.Equal(0, module.CustomSections[1].Content.Length);
        var first = module.CustomSections[0];
        Assert.True(MemoryMarshal.TryGetArray(first.Content, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(first.Offset, segment.Offset);
        Assert.Equal(bytes.AsSpan(first.Offset, 3).ToArray(), first.Content.ToArray());
    }

    [Fact]
    public void A_custom_section_name_must_be_valid_UTF8()
    {
        byte[] bytes = [.. Header, 0x00, 0x03, 0x02, 0xC0, 0x80];
        DecoderAssert.Malformed(bytes, WasmErrorKind.MalformedUtf8, "malformed UTF-8 encoding");
    }

    [Fact]
    public void A_custom_section_name_must_fit_in_the_section()
    {
        // Section size 1 holds only the name length; the name's byte is outside the section.
        byte[] bytes = [.. Header, 0x00, 0x01, 0x01, 0x61];
        DecoderAssert.Malformed(bytes, WasmErrorKind.UnexpectedEndOfSection, "unexpected end of section or function");
    }

    [Fact]
    public void Functions_without_a_code_section_are_inconsistent()
    {
        DecoderAssert.Malformed(Module(EmptyTypeSection(), FunctionSection(0)),
            WasmErrorKind.FunctionAndCodeCountMismatch, "function and code section have inconsistent lengths");
    }

    [Fact]
    public void Bodies_without_functions_are_inconsistent()
    {
        DecoderAssert.Malformed(Module(CodeSection(Body([End]))),
            WasmErrorKind.FunctionAndCodeCountMismatch, "function and code section have inconsistent lengths");
    }

    [Fact]
    public void The_data_count_must_match_the_data_section()
    {
        var memory = Section(5, Vec([0x00, 0x01]));
        var passive = (byte[])[0x01, 0x00];
        DecoderAssert.Malformed(Module(memory, Section(12, U32(2)), Section(11, Vec(passive))),
            WasmErrorKind.DataCountMismatch, "data count and data section have inconsistent lengths");
        DecoderAssert.Malformed(Module(memory, Section(12, U32(1))),
            WasmErrorKind.DataCountMismatch, "data count and data section have inconsistent lengths");
        Assert.Equal(0u, DecoderAssert.Decodes(Module(memory, Section(12, U32(0)))).DataCount);
    }

    [Fact]
    public void Import_and_definition_index_spaces_put_imports_first()
    {
        var bytes = Module(
            TypeSection(FuncType([], []), FuncType([I32], [I64])),
            Section(2, Vec(
                [.. Name("m"), .. Name("g"), 0x03, I64, 0x01],
                [.. Name("m"), .. Name("f"), 0x00, 0x01],
                [.. Name("m"), .. Name("t"), 0x01, ExternRef, 0x01, 0x02, 0x03],
                [.. Name("m"), .. Name("mem"), 0x02, 0x00, 0x05])),
            FunctionSection(0, 1),
            Section(4, Vec([FuncRef, 0x00, 0x04])),
            Section(6, Vec([F32, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3F, End])),
            CodeSection(Body([End]), Body([0x42, 0x00, End])));
        var module = DecoderAssert.Decodes(bytes);

        Assert.Equal(1, module.ImportedFunctionCount);
        Assert.Equal(1, module.ImportedTableCount);
        Assert.Equal(1, module.ImportedMemoryCount);
        Assert.Equal(1, module.ImportedGlobalCount);
        Assert.Equal([1u, 0u, 1u], module.AllFunctionTypeIndices);
        Assert.Equal([new TableType(ValueType.ExternRef, new Limits(2, 3)), new TableType(ValueType.FuncRef, new Limits(4, null))], module.AllTables);
        Assert.Equal([new MemoryType(new Limits(5, null))], module.AllMemories);
        Assert.Equal([new GlobalType(ValueType.I64, true), new GlobalType(ValueType.F32, false)], module.AllGlobals);
        Assert.Equal(3, module.TotalFunctionCount);
        Assert.Equal(new FunctionType([ValueType.I32], [ValueType.I64]), module.GetFunctionType(0));
        Assert.Equal(ConstantExpression.F32Bits(0x3F800000), module.Globals[0].Initializer);

        var import = module.Imports[0];
        Assert.Equal(("m", "g", ExternalKind.Global), (import.Module, import.Name, import.Kind));
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x05)]
    [InlineData(0x80)]
    public void Unknown_import_kinds_are_malformed(byte kind) =>
        DecoderAssert.Malformed(Module(Section(2, Vec([.. Name("m"), .. Name("x"), kind, 0x00]))),
            WasmErrorKind.MalformedImportKind, "malformed import kind");

    [Fact]
    public void Unknown_export_kinds_are_malformed() =>
        DecoderAssert.Malformed(Module(Section(7, Vec([.. Name("x"), 0x04, 0x00]))),
            WasmErrorKind.MalformedExportKind, "malformed export kind");

    [Fact]
    public void Import_names_must_be_valid_UTF8() =>
        DecoderAssert.Malformed(Module(Section(2, Vec([.. Name("m"), 0x01, 0xFF, 0x00, 0x00]))),
            WasmErrorKind.MalformedUtf8, "malformed UTF-8 encoding");

    [Theory]
    [InlineData(0x02, "integer too large")]
    [InlineData(0x03, "integer too large")]
    [InlineData(0x80, "integer representation too long")]
    [InlineData(0x81, "integer representation too long")]
    public void Limits_flags_other_than_0_and_1_are_malformed(byte flag, string message)
    {
        DecoderAssert.Malformed(Module(Section(5, Vec([flag, 0x00, 0x00]))), WasmErrorKind.MalformedLimits, message);
        DecoderAssert.Malformed(Module(Section(4, Vec([FuncRef, flag, 0x00, 0x00]))), WasmErrorKind.MalformedLimits, message);
    }

    [Theory]
    [InlineData(I32)]
    [InlineData(0x40)]
    [InlineData(0x00)]
    public void Table_element_types_must_be_reference_types(byte type) =>
        DecoderAssert.Malformed(Module(Section(4, Vec([type, 0x00, 0x00]))), WasmErrorKind.MalformedReferenceType, "malformed reference type");

    [Theory]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void Global_mutability_must_be_0_or_1(byte mutability)
    {
        DecoderAssert.Malformed(Module(Section(6, Vec([I32, mutability, .. Expr(I32Const(0))]))), WasmErrorKind.MalformedMutability, "malformed mutability");
        DecoderAssert.Malformed(Module(Section(2, Vec([.. Name("m"), .. Name("g"), 0x03, I32, mutability]))), WasmErrorKind.MalformedMutability, "malformed mutability");
    }

    [Theory]
    [InlineData(0x5F, "malformed function type")]
    [InlineData(0x61, "malformed function type")]
    [InlineData(0xE0, "integer representation too long")]
    public void Type_entries_must_be_function_types(byte form, string message) =>
        DecoderAssert.Malformed(Module(Section(1, Vec([form, 0x00, 0x00]))), WasmErrorKind.MalformedFunctionType, message);

    [Theory]
    [InlineData(0x7A)]
    [InlineData(0x40)]
    [InlineData(0x00)]
    public void Unknown_value_types_are_malformed(byte type) =>
        DecoderAssert.Malformed(Module(TypeSection(FuncType([type], []))), WasmErrorKind.MalformedValueType, "malformed value type");

    [Fact]
    public void Function_types_keep_parameters_and_results_in_order()
    {
        var module = DecoderAssert.Decodes(Module(TypeSection(FuncType([I32, I64, F32, F64, FuncRef, ExternRef], [F64, I32]))));
        Assert.Equal([ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64, ValueType.FuncRef, ValueType.ExternRef], module.Types[0].Parameters);
        Assert.Equal([ValueType.F64, ValueType.I32], module.Types[0].Results);
    }
}
