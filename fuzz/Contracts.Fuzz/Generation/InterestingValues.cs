using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>
/// Constants at the edges where engines disagree: NaNs with payloads (quiet and signalling, both signs),
/// infinities, signed zeros, subnormals, the float bounds of every integer conversion, and integer extremes.
/// </summary>
public static class InterestingValues
{
    private static readonly uint[] F32 =
    [
        0x0000_0000, 0x8000_0000,                       // +0, -0
        0x3F80_0000, 0xBF80_0000, 0x3F00_0000, 0xBF00_0000, // ±1, ±0.5
        0x3FC0_0000, 0x4020_0000, 0xC020_0000,          // 1.5, 2.5, -2.5 (nearest: ties to even)
        0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, // subnormals, smallest normal
        0x7F7F_FFFF, 0xFF7F_FFFF,                       // ±max
        0x7F80_0000, 0xFF80_0000,                       // ±inf
        0x7FC0_0000, 0xFFC0_0000, 0x7FC0_0001, 0x7FA0_0000, 0x7F80_0001, 0xFF80_0001, // NaNs: canonical, payloads, signalling
        0x4F00_0000, 0xCF00_0000, 0x4F80_0000,          // 2^31, -2^31, 2^32
        0x5F00_0000, 0xDF00_0000, 0x5F80_0000,          // 2^63, -2^63, 2^64
        0x4EFF_FFFF, 0xCF00_0001, 0x4F7F_FFFF,          // just inside / outside the i32/u32 bounds
        0xBF7F_FFFF, 0x3F7F_FFFF,                       // -0.99999994, 0.99999994
        0x4B00_0000, 0x4B80_0000,                       // 2^23, 2^24
    ];

    private static readonly ulong[] F64 =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000,
        0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000, 0x3FE0_0000_0000_0000, 0xBFE0_0000_0000_0000,
        0x3FF8_0000_0000_0000, 0x4004_0000_0000_0000, 0xC004_0000_0000_0000,
        0x0000_0000_0000_0001, 0x8000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000,
        0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFF,
        0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000,
        0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000, 0x7FF8_0000_0000_0001, 0x7FF4_0000_0000_0000, 0x7FF0_0000_0000_0001, 0xFFF0_0000_0000_0001,
        0x41E0_0000_0000_0000, 0xC1E0_0000_0000_0000, 0x41F0_0000_0000_0000,   // 2^31, -2^31, 2^32
        0x43E0_0000_0000_0000, 0xC3E0_0000_0000_0000, 0x43F0_0000_0000_0000,   // 2^63, -2^63, 2^64
        0x41DF_FFFF_FFC0_0000, 0xC1E0_0000_0020_0000, 0x41EF_FFFF_FFE0_0000,   // 2^31-1, -2^31-1, 2^32-1
        0x41DF_FFFF_FFFF_FFFF, 0xC1E0_0000_0010_0000,                          // just below 2^31, -2^31 - 0.5
        0x3FEF_FFFF_FFFF_FFFF, 0xBFEF_FFFF_FFFF_FFFF,
        0x4330_0000_0000_0000, 0x4340_0000_0000_0000,                          // 2^52, 2^53
        0x3810_0000_0000_0000, 0x36A0_0000_0000_0000,                          // f32 min normal / below f32 subnormal range
        0x47EF_FFFF_E000_0000, 0x47EF_FFFF_F000_0000,                          // f32 max, halfway to overflow
    ];

    private static readonly uint[] I32 =
    [
        0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 0xFF, 0x80, 0x7F, 0x8000, 0xFFFF, 0x7FFF, 0x10000,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFE, 0x8000_0001, 0x5555_5555, 0xAAAA_AAAA,
    ];

    private static readonly ulong[] I64 =
    [
        0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 0xFF, 0x80, 0xFFFF, 0x8000, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF,
        0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0001,
        0xFFFF_FFFF_8000_0000, 0x5555_5555_5555_5555,
    ];

    /// <summary>A value of a numeric type as raw bits (32-bit types in the low half).</summary>
    public static ulong Next(FuzzRandom random, ValueType type)
    {
        bool special = random.Chance(75);
        return type switch
        {
            ValueType.I32 => special ? random.Pick(I32) : SmallOrRandom32(random),
            ValueType.I64 => special ? random.Pick(I64) : (random.Chance(50) ? (ulong)(long)random.Range(-1000, 1000) : random.NextUInt64()),
            ValueType.F32 => special ? random.Pick(F32) : RandomF32(random),
            ValueType.F64 => special ? random.Pick(F64) : RandomF64(random),
            _ => 0,
        };
    }

    /// <summary>A value of any type the generator passes around as raw bits: a number, or a v128 (<see cref="NextV128"/>).</summary>
    public static UInt128 NextBits(FuzzRandom random, ValueType type) =>
        type == ValueType.V128 ? NextV128(random) : Next(random, type);

    /// <summary>
    /// A v128 built by lanes of one shape (i8x16 to f64x2) from the edge pools, so lane-wise operators meet the edges
    /// in every lane (NaNs with payloads, signed zeros, saturation bounds); sometimes a splat, sometimes random bytes.
    /// </summary>
    public static UInt128 NextV128(FuzzRandom random)
    {
        int laneBits = random.Next(8) switch { 0 => 8, 1 => 16, 2 or 3 => 32, 4 or 5 => 64, _ => 0 };
        if (laneBits == 0) return ((UInt128)random.NextUInt64() << 64) | random.NextUInt64();
        // Float lanes half the time for 32 and 64 bits (their pools hold the NaNs and infinities).
        var type = laneBits switch
        {
            32 => random.Chance(50) ? ValueType.F32 : ValueType.I32,
            64 => random.Chance(50) ? ValueType.F64 : ValueType.I64,
            _ => ValueType.I32,
        };
        bool splat = random.Chance(25);
        UInt128 mask = laneBits == 64 ? ulong.MaxValue : ((UInt128)1 << laneBits) - 1;
        UInt128 value = 0, lane = Next(random, type) & mask;
        for (int shift = 0; shift < 128; shift += laneBits)
        {
            value |= lane << shift;
            if (!splat) lane = Next(random, type) & mask;
        }
        return value;
    }

    private static ulong SmallOrRandom32(FuzzRandom random) =>
        random.Chance(50) ? (uint)random.Range(-1000, 1000) : random.NextUInt32();

    private static uint RandomF32(FuzzRandom random)
    {
        if (random.Chance(50)) return random.NextUInt32();
        // Ordinary magnitudes, where rounding of arithmetic and conversions is exercised.
        float value = (random.Next(2_000_001) - 1_000_000) / (float)(1 << random.Next(20));
        return BitConverter.SingleToUInt32Bits(value);
    }

    private static ulong RandomF64(FuzzRandom random)
    {
        if (random.Chance(50)) return random.NextUInt64();
        double value = (random.Next(2_000_001) - 1_000_000) / (double)(1L << random.Next(40));
        return BitConverter.DoubleToUInt64Bits(value);
    }
}
