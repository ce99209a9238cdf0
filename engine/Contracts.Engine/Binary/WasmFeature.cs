namespace Contracts.Engine.Binary;

/// <summary>The WebAssembly proposal that introduced an instruction (all of them are part of 2.0 except SIMD's).</summary>
public enum WasmFeature : byte
{
    Mvp,
    SignExtension,
    NonTrappingFloatToInt,
    BulkMemory,
    ReferenceTypes,
    /// <summary>Fixed-width SIMD (the 0xFD prefix, <c>v128</c>): refused at validation when <c>ValidationLimits.AllowSimd</c> is off.</summary>
    Simd,
}
