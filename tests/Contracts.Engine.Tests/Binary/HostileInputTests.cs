using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using Contracts.Engine.Validation;
using FsCheck;
using FsCheck.Xunit;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;

namespace Contracts.Engine.Tests.Binary;

/// <summary>
/// Whatever the bytes, Decode either returns a module whose recorded ranges lie inside the input, or throws a
/// <see cref="WasmLoadException"/>; never another exception.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Valid modules that use every section and segment form, to mutate.</summary>
    private static readonly byte[][] Seeds =
    [
        Module(
            Section(0, Name("name"), [0x01, 0x02]),
            TypeSection(FuncType([I32, I64], [F32]), FuncType([], [])),
            Section(2, Vec(
                [.. Name("env"), .. Name("f"), 0x00, 0x00],
                [.. Name("env"), .. Name("t"), 0x01, ExternRef, 0x01, 0x00, 0x10],
                [.. Name("env"), .. Name("m"), 0x02, 0x00, 0x01],
                [.. Name("env"), .. Name("g"), 0x03, I64, 0x00])),
            FunctionSection(1, 0),
            Section(4, Vec([FuncRef, 0x00, 0x02])),
            Section(6, Vec([F64, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, End], [FuncRef, 0x00, .. Expr(0xD2, 0x01)])),
            Section(7, Vec([.. Name("run"), 0x00, 0x01], [.. Name("mem"), 0x02, 0x00])),
            Section(8, U32(1)),
            Section(9, Vec(
                [0x00, .. Expr(I32Const(0)), .. Vec([0x01])],
                [0x01, 0x00, .. Vec([0x02])],
                [0x02, 0x01, .. Expr(I32Const(1)), 0x00, .. Vec([0x00])],
                [0x03, 0x00, .. Vec([0x01])],
                [0x04, .. Expr(0x23, 0x00), .. Vec(Expr(0xD0, FuncRef))],
                [0x05, ExternRef, .. Vec(Expr(0xD0, ExternRef))],
                [0x06, 0x00, .. Expr(I32Const(1)), FuncRef, .. Vec(Expr(0xD2, 0x02))],
                [0x07, FuncRef, .. Vec(Expr(0xD2, 0x00))])),
            Section(12, U32(3)),
            CodeSection(Body([0x20, 0x00, 0x1A, End], (2, I32), (1, F32)), Body([0x41, 0x80, 0x01, 0x1A, End])),
            Section(11, Vec(
                [0x00, .. Expr(I32Const(8)), .. U32(2), 0x01, 0x02],
                [0x01, .. U32(1), 0x03],
                [0x02, 0x00, .. Expr(I32Const(16)), .. U32(0)])),
            Section(0, Name("trailer"), [])),
        Module(EmptyTypeSection(), FunctionSection(0), CodeSection(Body([End]))),
    ];

    [Fact]
    public void The_seeds_are_valid_modules()
    {
        foreach (var seed in Seeds) DecoderAssert.Decodes(seed);
    }

    [Fact]
    public void Every_truncation_of_a_valid_module_fails_with_a_load_error_or_decodes()
    {
        foreach (var seed in Seeds)
        {
            for (int length = 0; length < seed.Length; length++) DecodeOrLoadError(seed.AsSpan(0, length).ToArray());
        }
    }

    [Fact]
    public void Every_single_byte_change_of_a_valid_module_fails_with_a_load_error_or_decodes()
    {
        byte[] replacements = [0x00, 0x01, 0x0B, 0x40, 0x60, 0x7F, 0x80, 0xFF];
        foreach (var seed in Seeds)
        {
            for (int position = 0; position < seed.Length; position++)
            {
                foreach (var value in replacements)
                {
                    var mutated = (byte[])seed.Clone();
                    mutated[position] = value;
                    DecodeOrLoadError(mutated);
                }
            }
        }
    }

    [Property(MaxTest = 2000)]
    public void Arbitrary_bytes_fail_with_a_load_error_or_decode(byte[] bytes) => DecodeOrLoadError(bytes);

    [Property(MaxTest = 2000)]
    public void Arbitrary_bytes_after_a_valid_header_fail_with_a_load_error_or_decode(byte[] tail) =>
        DecodeOrLoadError([.. Header, .. tail]);

    [Property(MaxTest = 3000)]
    public void Random_changes_to_valid_modules_fail_with_a_load_error_or_decode(
        NonNegativeInt seedIndex, NonNegativeInt position, byte[] patch, NonNegativeInt cut)
    {
        var seed = Seeds[seedIndex.Get % Seeds.Length];
        var mutated = (byte[])seed.Clone();
        int at = position.Get % mutated.Length;
        for (int i = 0; i < patch.Length && at + i < mutated.Length; i++) mutated[at + i] = patch[i];
        // Truncate one time in four, somewhere after the patch.
        int length = cut.Get % 4 == 0 ? Math.Min(mutated.Length, at + cut.Get % 16) : mutated.Length;
        DecodeOrLoadError(mutated.AsSpan(0, length).ToArray());
    }

    [Property(MaxTest = 2000)]
    public void Random_sections_fail_with_a_load_error_or_decode(byte id, byte[] content, bool declareWrongSize)
    {
        byte sectionId = (byte)(id % 14);
        byte[] section = declareWrongSize
            ? [sectionId, .. U32((uint)content.Length + 1), .. content]
            : Section(sectionId, content);
        DecodeOrLoadError(Module(EmptyTypeSection(), section));
    }

    private static void DecodeOrLoadError(byte[] bytes)
    {
        ModuleInfo module;
        try
        {
            module = ModuleDecoder.Decode(bytes, ValidationLimits.Permissive);
        }
        catch (WasmLoadException e)
        {
            Assert.InRange(e.Offset, 0, bytes.Length);
            return;
        }

        Assert.Same(bytes, module.Bytes);
        foreach (var body in module.Bodies)
        {
            Assert.InRange(body.CodeLength, 1, bytes.Length);
            Assert.InRange(body.CodeOffset, 0, bytes.Length - body.CodeLength);
            Assert.Equal(0x0B, bytes[body.CodeOffset + body.CodeLength - 1]);
        }
        Assert.Equal(module.ImportedFunctionCount + module.FunctionTypeIndices.Length, module.AllFunctionTypeIndices.Length);
        Assert.Equal(module.FunctionTypeIndices.Length, module.Bodies.Length);
        Assert.Equal(module.ImportedTableCount + module.Tables.Length, module.AllTables.Length);
        Assert.Equal(module.ImportedMemoryCount + module.Memories.Length, module.AllMemories.Length);
        Assert.Equal(module.ImportedGlobalCount + module.Globals.Length, module.AllGlobals.Length);
        if (module.DataCount is { } dataCount) Assert.Equal(dataCount, (uint)module.Data.Length);
    }
}
