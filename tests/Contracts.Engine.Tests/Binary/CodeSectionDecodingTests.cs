using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Validation;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Tests.Binary;

public sealed class CodeSectionDecodingTests
{
    private static byte[] OneFunction(byte[] body) => Module(EmptyTypeSection(), FunctionSection(0), CodeSection(body));

    [Fact]
    public void Bodies_record_local_groups_and_the_absolute_range_of_their_instructions()
    {
        byte[] instructions = [0x41, 0x2A, 0x1A, End];
        var bytes = Module(EmptyTypeSection(), FunctionSection(0, 0), CodeSection(Body([End]), Body(instructions, (2, I32), (1, F64))));
        var module = DecoderAssert.Decodes(bytes);

        var first = module.Bodies[0];
        Assert.Empty(first.Locals);
        Assert.Equal(0u, first.LocalCount);
        Assert.Equal(1, first.CodeLength);

        var second = module.Bodies[1];
        Assert.Equal([new LocalGroup(2, ValueType.I32), new LocalGroup(1, ValueType.F64)], second.Locals);
        Assert.Equal(3u, second.LocalCount);
        Assert.Equal(instructions, bytes.AsSpan(second.CodeOffset, second.CodeLength).ToArray());
        Assert.Equal(bytes.Length - instructions.Length - 6, second.BodyOffset); // size, group count, 2 groups of 2 bytes
    }

    [Fact]
    public void A_body_that_does_not_end_with_end_is_malformed() =>
        DecoderAssert.Malformed(OneFunction(Body([0x41, 0x01, 0x1A])), WasmErrorKind.EndOpcodeExpected, "END opcode expected");

    [Fact]
    public void A_body_without_instructions_is_malformed() =>
        DecoderAssert.Malformed(OneFunction(Body([])), WasmErrorKind.EndOpcodeExpected, "END opcode expected");

    [Fact]
    public void A_body_longer_than_its_section_is_a_size_mismatch()
    {
        // The code section claims 4 bytes; the body's size (5) reaches into the custom section that follows.
        var bytes = Module(EmptyTypeSection(), FunctionSection(0), [0x0A, 0x04, 0x01, 0x05, 0x00, End], Section(0, Name("x")));
        DecoderAssert.Malformed(bytes, WasmErrorKind.SectionSizeMismatch, "section size mismatch");
    }

    [Fact]
    public void Local_declarations_running_past_the_body_are_malformed() =>
        // Body size 2: one group whose count byte is inside but whose type byte is outside the body.
        DecoderAssert.Malformed(
            Module(EmptyTypeSection(), FunctionSection(0), Section(10, Vec([0x02, 0x01, 0x01, I32, End]))),
            WasmErrorKind.UnexpectedEndOfSection, "unexpected end of section or function");

    [Fact]
    public void A_local_count_over_2_to_the_32_is_too_many_locals()
    {
        DecoderAssert.Malformed(OneFunction(Body([End], (uint.MaxValue, I32), (2, I64))), WasmErrorKind.TooManyLocals, "too many locals");
        var fourGroups = Body([End], (1u << 30, I32), (1u << 30, I64), (1u << 30, F32), (1u << 30, F64));
        DecoderAssert.Malformed(OneFunction(fourGroups), WasmErrorKind.TooManyLocals, "too many locals");
    }

    [Fact]
    public void Declared_locals_beyond_the_limit_are_an_implementation_limit()
    {
        var limits = ValidationLimits.Permissive with { Name = "tiny", MaxLocals = 3 };
        DecoderAssert.Decodes(OneFunction(Body([End], (3, I32))), limits);
        DecoderAssert.Invalid(OneFunction(Body([End], (2, I32), (2, I64))), WasmErrorKind.ImplementationLimit,
            "declared local count of function body 0 4 exceeds the limit of 3 (profile tiny)", limits);
    }

    [Fact]
    public void Local_types_are_value_types() =>
        DecoderAssert.Malformed(OneFunction(Body([End], (1, 0x40))), WasmErrorKind.MalformedValueType, "malformed value type");
}
