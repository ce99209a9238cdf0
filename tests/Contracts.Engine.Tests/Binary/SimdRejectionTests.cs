using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;
using Xunit;
using static Contracts.Engine.Tests.Binary.WasmBinary;

namespace Contracts.Engine.Tests.Binary;

/// <summary>
/// The SIMD feature flag (<see cref="ValidationLimits.AllowSimd"/>): with it on (the permissive profile) v128 and 0xFD
/// load; with it off (the contract profile's default) every use is reported as an unsupported feature, not as malformed.
/// </summary>
public sealed class SimdRejectionTests
{
    private static void AssertUnsupported(byte[] bytes)
    {
        ModuleValidator.Validate(ModuleDecoder.Decode(bytes, ValidationLimits.Permissive), ValidationLimits.Permissive);
        var off = ValidationLimits.Permissive with { AllowSimd = false };
        var e = Assert.Throws<WasmDecodeException>(() => ModuleValidator.Validate(ModuleDecoder.Decode(bytes, off), off));
        Assert.Equal(WasmErrorKind.UnsupportedFeature, e.Kind);
        Assert.StartsWith("unsupported feature: simd", e.Detail);
    }

    [Fact]
    public void The_contract_profile_refuses_simd_unless_a_rule_set_allows_it()
    {
        Assert.False(ValidationLimits.Contract.AllowSimd);
        Assert.True(ValidationLimits.Permissive.AllowSimd);
    }

    [Fact]
    public void A_simd_instruction() =>
        AssertUnsupported(Module(EmptyTypeSection(), FunctionSection(0), CodeSection(Body([0xFD, 0x0C, .. new byte[16], 0x1A, End]))));

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
    public void Simd_prefix_in_a_constant_expression() =>
        // v128.const where an i32 is expected: a type mismatch when SIMD is on, unsupported when it is off.
        Assert.Throws<WasmValidationException>(() => ModuleValidator.Validate(
            ModuleDecoder.Decode(Module(Section(6, Vec([I32, 0x00, 0xFD, 0x0C, .. new byte[16], End]))), ValidationLimits.Permissive), ValidationLimits.Permissive));
}
