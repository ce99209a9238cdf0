using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Contracts.Engine.Loading;

namespace Contracts.Engine.Binary;

/// <summary>
/// Throw helpers of the decoder. Kept out of line so the decoding loops stay small; messages start with the spec
/// testsuite's wording (its runner matches by prefix) and may add detail after a colon.
/// </summary>
internal static class DecodeErrors
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Malformed(WasmErrorKind kind, long offset, string message) =>
        throw new WasmDecodeException(kind, offset, message);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Invalid(WasmErrorKind kind, long offset, string message) =>
        throw new WasmValidationException(kind, offset, message);

    /// <summary>Throws an implementation-limit error when <paramref name="value"/> exceeds <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLimit(ulong value, uint limit, string what, ValidationLimits limits, long offset)
    {
        if (value > limit) LimitExceeded(value, limit, what, limits, offset);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void LimitExceeded(ulong value, uint limit, string what, ValidationLimits limits, long offset) =>
        throw new WasmValidationException(
            WasmErrorKind.ImplementationLimit, offset, $"{what} {value} exceeds the limit of {limit} (profile {limits.Name})");
}
