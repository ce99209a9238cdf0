using System.Numerics;
using System.Runtime.CompilerServices;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Execution;

/// <summary>
/// WebAssembly numeric instructions on raw bits: f32 values travel as <see cref="uint"/>, f64 values as
/// <see cref="ulong"/>, so that no NaN ever passes through a float parameter or return value of this API (converting a
/// signalling NaN between float and double quiets it, which would make payloads depend on the call path).
/// </summary>
/// <remarks>
/// <para>
/// Determinism policy. Every instruction that can produce a NaN by arithmetic — add, sub, mul, div, sqrt, min, max,
/// ceil, floor, trunc, nearest, demote, promote, and the int→float conversions — returns the canonical NaN (f32
/// <c>0x7FC00000</c>, f64 <c>0x7FF8000000000000</c>, sign bit clear) whenever its result is a NaN, whatever the
/// operands' payloads and whatever the CPU would have produced (x64 returns the "default NaN" with the sign bit set
/// for 0/0, arm64 returns it positive, and both propagate input payloads differently). The Wasm spec allows any of
/// these results; we pick one so every node computes the same bits. The bit-level instructions abs, neg and copysign
/// keep all other bits exactly, as the spec requires: they work on the integer bits and never through a float.
/// </para>
/// <para>
/// CPU independence. Add, sub, mul, div and sqrt of float/double are IEEE-754 correctly rounded operations on every
/// platform .NET runs on (SSE2/AVX scalar on x64, the FP unit on arm64; no x87, no flush-to-zero: .NET never enables
/// FTZ/DAZ), so their non-NaN results are bit-identical everywhere. Nothing here uses fused multiply-add, whose
/// single rounding would differ from two. Ceiling, floor, truncate and round-half-to-even to an integer are exact
/// (only NaN and the sign of zero could differ, and the sign of zero is IEEE-defined). Integer→float conversions do
/// not rely on the runtime's int64/uint64 casts: IL has no uint64 → float32 conversion (C# emits conv.r.un; conv.r4,
/// i.e. through double, rounding twice), and whether the JIT collapses it into one correct conversion has changed
/// between .NET versions and CPUs (dotnet/runtime#106646, #114597; uint64 → double was wrong on x64 without AVX-512
/// until #102179). They are built from exact conversions plus one correctly rounded operation instead, see
/// <see cref="F32ConvertI64S"/> and <see cref="F64ConvertI64U"/>. Float→integer conversions only cast values already
/// known to be in range, so they do not depend on the runtime's out-of-range cast behaviour either.
/// </para>
/// </remarks>
internal static class NumericOps
{
    public const uint F32CanonicalNaN = 0x7FC0_0000u;
    public const ulong F64CanonicalNaN = 0x7FF8_0000_0000_0000ul;

    private const uint F32SignMask = 0x8000_0000u;
    private const uint F32MagnitudeMask = 0x7FFF_FFFFu;
    private const uint F32Infinity = 0x7F80_0000u;
    private const ulong F64SignMask = 0x8000_0000_0000_0000ul;
    private const ulong F64MagnitudeMask = 0x7FFF_FFFF_FFFF_FFFFul;
    private const ulong F64Infinity = 0x7FF0_0000_0000_0000ul;

    // ---------------------------------------------------------------- bits <-> float

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float F32(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double F64(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    /// <summary>The bits of an arithmetic result, with any NaN replaced by the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Canonical(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        // An integer test on the bits instead of float.IsNaN: lets the JIT use a conditional move.
        return (bits & F32MagnitudeMask) > F32Infinity ? F32CanonicalNaN : bits;
    }

    /// <summary>The bits of an arithmetic result, with any NaN replaced by the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Canonical(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        return (bits & F64MagnitudeMask) > F64Infinity ? F64CanonicalNaN : bits;
    }

    // ---------------------------------------------------------------- f32 arithmetic

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Add(uint a, uint b) => Canonical(F32(a) + F32(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Sub(uint a, uint b) => Canonical(F32(a) - F32(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Mul(uint a, uint b) => Canonical(F32(a) * F32(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Div(uint a, uint b) => Canonical(F32(a) / F32(b));

    /// <summary>Wasm <c>f32.min</c>: NaN if either operand is NaN, and -0 is smaller than +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Min(uint a, uint b)
    {
        float x = F32(a), y = F32(b);
        if (x < y) return a;
        if (y < x) return b;
        // Equal (the bits differ only for ±0, where OR-ing keeps the minus sign) or unordered (a NaN).
        return x == y ? a | b : F32CanonicalNaN;
    }

    /// <summary>Wasm <c>f32.max</c>: NaN if either operand is NaN, and +0 is greater than -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Max(uint a, uint b)
    {
        float x = F32(a), y = F32(b);
        if (x > y) return a;
        if (y > x) return b;
        // Equal (the bits differ only for ±0, where AND-ing clears the minus sign unless both have it) or a NaN.
        return x == y ? a & b : F32CanonicalNaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Sqrt(uint a) => Canonical(MathF.Sqrt(F32(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Ceil(uint a) => Canonical(MathF.Ceiling(F32(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Floor(uint a) => Canonical(MathF.Floor(F32(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Trunc(uint a) => Canonical(MathF.Truncate(F32(a)));

    /// <summary>
    /// Round to the nearest integer, ties to even (Round without a mode is ToEven), keeping the sign of a zero
    /// result (nearest(-0.5) = -0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Nearest(uint a) => Canonical(MathF.Round(F32(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Abs(uint a) => a & F32MagnitudeMask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Neg(uint a) => a ^ F32SignMask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32Copysign(uint a, uint b) => (a & F32MagnitudeMask) | (b & F32SignMask);

    // ---------------------------------------------------------------- f32 comparisons (IEEE: a NaN is unordered)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F32Eq(uint a, uint b) => F32(a) == F32(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F32Ne(uint a, uint b) => F32(a) != F32(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F32Lt(uint a, uint b) => F32(a) < F32(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F32Gt(uint a, uint b) => F32(a) > F32(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F32Le(uint a, uint b) => F32(a) <= F32(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F32Ge(uint a, uint b) => F32(a) >= F32(b);

    // ---------------------------------------------------------------- f64 arithmetic

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Add(ulong a, ulong b) => Canonical(F64(a) + F64(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Sub(ulong a, ulong b) => Canonical(F64(a) - F64(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Mul(ulong a, ulong b) => Canonical(F64(a) * F64(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Div(ulong a, ulong b) => Canonical(F64(a) / F64(b));

    /// <summary>Wasm <c>f64.min</c>: NaN if either operand is NaN, and -0 is smaller than +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Min(ulong a, ulong b)
    {
        double x = F64(a), y = F64(b);
        if (x < y) return a;
        if (y < x) return b;
        return x == y ? a | b : F64CanonicalNaN;
    }

    /// <summary>Wasm <c>f64.max</c>: NaN if either operand is NaN, and +0 is greater than -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Max(ulong a, ulong b)
    {
        double x = F64(a), y = F64(b);
        if (x > y) return a;
        if (y > x) return b;
        return x == y ? a & b : F64CanonicalNaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Sqrt(ulong a) => Canonical(Math.Sqrt(F64(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ceil(ulong a) => Canonical(Math.Ceiling(F64(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Floor(ulong a) => Canonical(Math.Floor(F64(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Trunc(ulong a) => Canonical(Math.Truncate(F64(a)));

    /// <summary>
    /// Round to the nearest integer, ties to even (Round without a mode is ToEven), keeping the sign of a zero
    /// result (nearest(-0.5) = -0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Nearest(ulong a) => Canonical(Math.Round(F64(a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Abs(ulong a) => a & F64MagnitudeMask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Neg(ulong a) => a ^ F64SignMask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Copysign(ulong a, ulong b) => (a & F64MagnitudeMask) | (b & F64SignMask);

    // ---------------------------------------------------------------- f64 comparisons

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F64Eq(ulong a, ulong b) => F64(a) == F64(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F64Ne(ulong a, ulong b) => F64(a) != F64(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F64Lt(ulong a, ulong b) => F64(a) < F64(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F64Gt(ulong a, ulong b) => F64(a) > F64(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F64Le(ulong a, ulong b) => F64(a) <= F64(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool F64Ge(ulong a, ulong b) => F64(a) >= F64(b);

    // ---------------------------------------------------------------- float -> int, trapping
    //
    // Every source value is widened to double first: f32 -> f64 is exact, so one range test per target serves both
    // source types. The bounds are the first values whose truncation no longer fits, written as exclusive limits:
    // for i32.trunc_s, -2147483649.0 < x < 2147483648.0 (f32 has nothing between -2147483904 and -2147483648, so this
    // accepts -2147483648.0f and rejects 2147483648.0f); for the unsigned forms -1.0 < x, which accepts -0.9 -> 0.
    // A NaN fails every comparison, so one combined test guards the fast path and the out-of-line slow path only
    // has to tell NaN from overflow.

    private const double I32MinMinusOne = -2147483649.0;
    private const double I32MaxPlusOne = 2147483648.0;
    private const double U32MaxPlusOne = 4294967296.0;
    private const double I64Min = -9223372036854775808.0;
    private const double I64MaxPlusOne = 9223372036854775808.0;
    private const double U64MaxPlusOne = 18446744073709551616.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I32TruncF32S(uint a, out int result) => I32TruncS(F32(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I32TruncF32U(uint a, out uint result) => I32TruncU(F32(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I32TruncF64S(ulong a, out int result) => I32TruncS(F64(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I32TruncF64U(ulong a, out uint result) => I32TruncU(F64(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I64TruncF32S(uint a, out long result) => I64TruncS(F32(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I64TruncF32U(uint a, out ulong result) => I64TruncU(F32(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I64TruncF64S(ulong a, out long result) => I64TruncS(F64(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrapKind I64TruncF64U(ulong a, out ulong result) => I64TruncU(F64(a), out result);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TrapKind I32TruncS(double x, out int result)
    {
        if (x > I32MinMinusOne && x < I32MaxPlusOne)
        {
            result = (int)x;
            return TrapKind.None;
        }
        result = 0;
        return TruncFailure(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TrapKind I32TruncU(double x, out uint result)
    {
        if (x > -1.0 && x < U32MaxPlusOne)
        {
            // Through long: exact for this range, including (-1, 0) -> 0, whatever the runtime does for negative
            // double -> uint casts.
            result = (uint)(long)x;
            return TrapKind.None;
        }
        result = 0;
        return TruncFailure(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TrapKind I64TruncS(double x, out long result)
    {
        // -2^63 is itself representable and the next double below it is -2^63 - 2048, so >= is the exact edge.
        if (x >= I64Min && x < I64MaxPlusOne)
        {
            result = (long)x;
            return TrapKind.None;
        }
        result = 0;
        return TruncFailure(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TrapKind I64TruncU(double x, out ulong result)
    {
        if (x > -1.0 && x < U64MaxPlusOne)
        {
            result = TruncToUInt64(x);
            return TrapKind.None;
        }
        result = 0;
        return TruncFailure(x);
    }

    /// <summary>Truncates <paramref name="x"/> in (-1, 2^64) to an integer using only in-range signed casts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong TruncToUInt64(double x)
    {
        // Above 2^63 every double is an integer (ulp >= 2048) and x - 2^63 is exact.
        return x < I64MaxPlusOne
            ? (ulong)(long)x
            : (ulong)(long)(x - I64MaxPlusOne) + 0x8000_0000_0000_0000ul;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TrapKind TruncFailure(double x) =>
        double.IsNaN(x) ? TrapKind.InvalidConversionToInteger : TrapKind.IntegerOverflow;

    // ---------------------------------------------------------------- float -> int, saturating (NaN -> 0)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF32S(uint a) => I32TruncSatS(F32(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint I32TruncSatF32U(uint a) => I32TruncSatU(F32(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF64S(ulong a) => I32TruncSatS(F64(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint I32TruncSatF64U(ulong a) => I32TruncSatU(F64(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF32S(uint a) => I64TruncSatS(F32(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32U(uint a) => I64TruncSatU(F32(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF64S(ulong a) => I64TruncSatS(F64(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64U(ulong a) => I64TruncSatU(F64(a));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int I32TruncSatS(double x)
    {
        if (x > I32MinMinusOne && x < I32MaxPlusOne) return (int)x;
        if (double.IsNaN(x)) return 0;
        return x < 0 ? int.MinValue : int.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I32TruncSatU(double x)
    {
        if (x > -1.0 && x < U32MaxPlusOne) return (uint)(long)x;
        // NaN and everything at or below -1 go to 0.
        return x >= U32MaxPlusOne ? uint.MaxValue : 0u;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long I64TruncSatS(double x)
    {
        if (x >= I64Min && x < I64MaxPlusOne) return (long)x;
        if (double.IsNaN(x)) return 0;
        return x < 0 ? long.MinValue : long.MaxValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong I64TruncSatU(double x)
    {
        if (x > -1.0 && x < U64MaxPlusOne) return TruncToUInt64(x);
        return x >= U64MaxPlusOne ? ulong.MaxValue : 0ul;
    }

    // ---------------------------------------------------------------- int -> float, round to nearest even
    //
    // None of these can produce a NaN; the canonicalization policy holds trivially.

    /// <summary>Exact widening to double, then the one correctly rounded double -> float conversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32ConvertI32S(int a) => BitConverter.SingleToUInt32Bits((float)(double)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32ConvertI32U(uint a) => BitConverter.SingleToUInt32Bits((float)(double)a);

    /// <summary>
    /// int64 -> f32 with a single rounding. Values of magnitude up to 2^53 are exact in double, so double -> float
    /// rounds once. Larger values first get their low 12 bits folded into a sticky bit at bit 12 (cleared, and bit 12
    /// set if any of them was set): the result is a multiple of 2^12 below 2^64 in magnitude, hence exact in double,
    /// and it rounds to the same f32 as the original, because at that magnitude the f32 rounding boundaries (half
    /// ulps, >= 2^29) are multiples of 2^13, and a value with bit 12 set is never one of them nor on the other
    /// side of one from the original. This is the classic "round to odd" step that makes double rounding safe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32ConvertI64S(long a)
    {
        // |a| > 2^53, tested without overflow: a + 2^53 (wrapping) above 2^54 as unsigned.
        var needsSticky = (ulong)(a + (1L << 53)) > (1UL << 54);
        var sticky = (a & ~0xFFFL) | (((a & 0xFFF) + 0xFFF) & 0x1000);
        return BitConverter.SingleToUInt32Bits((float)(double)(needsSticky ? sticky : a));
    }

    /// <summary>uint64 -> f32 with a single rounding; <see cref="F32ConvertI64S"/> explains the sticky bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32ConvertI64U(ulong a)
    {
        var sticky = (a & ~0xFFFUL) | (((a & 0xFFF) + 0xFFF) & 0x1000);
        var w = a > (1UL << 53) ? sticky : a;
        return BitConverter.SingleToUInt32Bits((float)ExactUInt64ToDouble(w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI32S(int a) => BitConverter.DoubleToUInt64Bits(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI32U(uint a) => BitConverter.DoubleToUInt64Bits(a);

    /// <summary>
    /// int64 -> f64 as high * 2^32 + low: both halves and the scaling are exact, and the addition of two exact
    /// doubles is the single correctly rounded step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI64S(long a) =>
        BitConverter.DoubleToUInt64Bits((double)(int)(a >> 32) * 4294967296.0 + (double)(uint)a);

    /// <summary>uint64 -> f64; see <see cref="F64ConvertI64S"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI64U(ulong a) => BitConverter.DoubleToUInt64Bits(ExactUInt64ToDouble(a));

    /// <summary>
    /// uint64 -> double as high * 2^32 + low: exact when the value is representable, correctly rounded otherwise.
    /// Avoids the runtime's unsigned conversion, which has gone through helpers that rounded twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExactUInt64ToDouble(ulong a) => (double)(uint)(a >> 32) * 4294967296.0 + (double)(uint)a;

    // ---------------------------------------------------------------- f32 <-> f64

    /// <summary>Correctly rounded (nearest even); overflow gives infinity; a NaN gives the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint F32DemoteF64(ulong a) => Canonical((float)F64(a));

    /// <summary>Exact; a NaN gives the canonical NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64PromoteF32(uint a) => Canonical((double)F32(a));

    // ---------------------------------------------------------------- integer bit operations
    //
    // Rotate counts are taken modulo the width, as Wasm requires; BitOperations (like C# shifts) masks them.
    // Zero in gives the width out for clz and ctz.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Rotl(int a, int b) => (int)BitOperations.RotateLeft((uint)a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Rotr(int a, int b) => (int)BitOperations.RotateRight((uint)a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Rotl(long a, long b) => (long)BitOperations.RotateLeft((ulong)a, (int)b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Rotr(long a, long b) => (long)BitOperations.RotateRight((ulong)a, (int)b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Clz(int a) => BitOperations.LeadingZeroCount((uint)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Ctz(int a) => BitOperations.TrailingZeroCount(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Popcnt(int a) => BitOperations.PopCount((uint)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Clz(long a) => BitOperations.LeadingZeroCount((ulong)a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Ctz(long a) => BitOperations.TrailingZeroCount(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Popcnt(long a) => BitOperations.PopCount((ulong)a);
}
