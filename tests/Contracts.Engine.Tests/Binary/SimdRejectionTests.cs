using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;

namespace Contracts.Engine.Tests.Binary;

/// <summary>SIMD is outside the supported feature set: v128 and 0xFD are reported as unsupported, not malformed.</summary>
public sealed class SimdRejectionTests
{
    private static void AssertUnsupported(byte[] bytes) =>
        DecoderAssert.Malformed(bytes, WasmErrorKind.UnsupportedFeature, "unsupported feature: simd");

    [Fact]
    public void V128_in_a_function_type() => AssertUnsupported(Module(TypeSection(FuncType([V128], []))));

    [Fact]
    public void V128_as_a_result() => AssertUnsupported(Module(TypeSection(FuncType([], [V128]))));

    [Fact]
    public void V128_global() => AssertUnsupported(Module(Section(6, Vec([V128, 0x00, 0xFD, 0x0C, .. new byte[16], End]))));

    [Fact]
    public void V128_imported_global() => AssertUnsupported(Module(Section(2, Vec([.. Name("m"), .. Name("g"), 0x03, V128, 0x00]))));

    [Fact]
    public void V128_local() => AssertUnsupported(Module(EmptyTypeSection(), FunctionSection(0), CodeSection(Body([End], (1, V128)))));

    [Fact]
    public void Simd_prefix_in_a_constant_expression() => AssertUnsupported(Module(Section(6, Vec([I32, 0x00, 0xFD, 0x0C, .. new byte[16], End]))));
}
