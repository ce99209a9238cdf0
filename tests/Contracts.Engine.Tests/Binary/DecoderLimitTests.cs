using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;

namespace Contracts.Engine.Tests.Binary;

/// <summary>Count and size limits are implementation-limit errors naming the limit and the profile.</summary>
public sealed class DecoderLimitTests
{
    private static readonly ValidationLimits Tight = ValidationLimits.Permissive with
    {
        Name = "tight",
        MaxTypes = 1,
        MaxFunctions = 2,
        MaxImports = 1,
        MaxExports = 1,
        MaxGlobals = 1,
        MaxTables = 1,
        MaxElementSegments = 1,
        MaxDataSegments = 1,
        MaxFunctionBodySize = 4,
        MaxModuleSize = 200,
    };

    private static void AssertLimit(byte[] bytes, string message) =>
        DecoderAssert.Invalid(bytes, WasmErrorKind.ImplementationLimit, message, Tight);

    private static readonly byte[] ImportFunction = [.. Name("m"), .. Name("f"), 0x00, 0x00];
    private static readonly byte[] ImportGlobal = [.. Name("m"), .. Name("g"), 0x03, I32, 0x00];
    private static readonly byte[] ImportTable = [.. Name("m"), .. Name("t"), 0x01, FuncRef, 0x00, 0x00];
    private static readonly byte[] Global = [I32, 0x00, .. Expr(I32Const(0))];

    [Fact]
    public void Modules_within_the_limits_decode() =>
        DecoderAssert.Decodes(Module(EmptyTypeSection(), Section(2, Vec(ImportFunction)), FunctionSection(0), CodeSection(Body([End]))), Tight);

    [Fact]
    public void Type_count() =>
        AssertLimit(Module(TypeSection(FuncType([], []), FuncType([I32], []))), "type count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Import_count() =>
        AssertLimit(Module(EmptyTypeSection(), Section(2, Vec(ImportFunction, ImportGlobal))), "import count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Function_count_includes_imported_functions() =>
        AssertLimit(Module(EmptyTypeSection(), Section(2, Vec(ImportFunction)), FunctionSection(0, 0)), "function count 3 exceeds the limit of 2 (profile tight)");

    [Fact]
    public void Global_count_includes_imported_globals() =>
        AssertLimit(Module(Section(2, Vec(ImportGlobal)), Section(6, Vec(Global))), "global count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Table_count_includes_imported_tables() =>
        AssertLimit(Module(Section(2, Vec(ImportTable)), Section(4, Vec([FuncRef, 0x00, 0x00]))), "table count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Export_count() =>
        AssertLimit(Module(Section(7, Vec([.. Name("a"), 0x00, 0x00], [.. Name("b"), 0x00, 0x00]))), "export count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Element_segment_count() =>
        AssertLimit(Module(Section(9, Vec([0x01, 0x00, 0x00], [0x01, 0x00, 0x00]))), "element segment count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Data_segment_count() =>
        AssertLimit(Module(Section(11, Vec([0x01, 0x00], [0x01, 0x00]))), "data segment count 2 exceeds the limit of 1 (profile tight)");

    [Fact]
    public void Function_body_size() =>
        AssertLimit(Module(EmptyTypeSection(), FunctionSection(0), CodeSection(Body([0x41, 0x00, 0x1A, End]))), "function body 0 size 5 exceeds the limit of 4 (profile tight)");

    [Fact]
    public void Module_size()
    {
        var bytes = Module(Section(0, Name("pad"), new byte[300]));
        var e = DecoderAssert.Invalid(bytes, WasmErrorKind.ImplementationLimit, $"module size {bytes.Length} exceeds the limit of 200 (profile tight)", Tight);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void The_contract_profile_accepts_what_the_spec_testsuite_builds() =>
        DecoderAssert.Decodes(Module(EmptyTypeSection(), FunctionSection(0), CodeSection(Body([End], (10, I32)))), ValidationLimits.Contract);
}
