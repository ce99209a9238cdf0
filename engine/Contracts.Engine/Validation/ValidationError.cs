using System.Diagnostics.CodeAnalysis;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;

namespace Contracts.Engine.Validation;

/// <summary>
/// Throw helpers kept out of line so the validator's hot paths stay small. Messages start with the reference
/// interpreter's wording (the spec testsuite's <c>text</c>), then say where.
/// </summary>
internal static class ValidationError
{
    [DoesNotReturn]
    public static void Invalid(WasmErrorKind kind, long offset, string message) =>
        throw new WasmValidationException(kind, offset, message);

    [DoesNotReturn]
    public static void Malformed(WasmErrorKind kind, long offset, string message) =>
        throw new WasmDecodeException(kind, offset, message);

    [DoesNotReturn]
    public static void Limit(ValidationLimits limits, string limitName, ulong actual, ulong limit, long offset, string where) =>
        throw new WasmValidationException(
            WasmErrorKind.ImplementationLimit,
            offset,
            $"implementation limit exceeded: {limitName} is {limit} in profile '{limits.Name}', {where} needs {actual}");

    [DoesNotReturn]
    public static void UnsupportedSimd(long offset, string where) =>
        throw new WasmDecodeException(WasmErrorKind.UnsupportedFeature, offset, $"unsupported feature: simd ({where})");
}
