using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Contracts.Engine.Execution;

/// <summary>
/// The semantics of every fixed-width SIMD instruction, one method per instruction named like its op, on v128
/// values as <see cref="Vector128{T}"/> of bytes (lanes little-endian, as in memory). Shared by the interpreter
/// (<c>Executor.Simd.cs</c>) and usable by a compiled tier.
/// <para>
/// Determinism: built on <see cref="Vector128"/> operations whose results are exact on every CPU and in the
/// software fallback (<c>DOTNET_EnableHWIntrinsic=0</c>): integer arithmetic, IEEE add/sub/mul/div/sqrt and
/// rounding, comparisons. Where a hardware instruction's edge cases differ from Wasm (float min/max, NaN payloads,
/// saturating conversions, unsigned converts) the lanes are computed explicitly or through the scalar
/// <see cref="NumericOps"/>. Every arithmetic float result that is a NaN becomes the canonical NaN in its lane;
/// abs, neg, pmin, pmax, bitwise operations, loads, stores, lanes and shuffles keep the bits.
/// </para>
/// </summary>
internal static class SimdOps
{
    private static readonly Vector128<float> F32CanonicalNaN = Vector128.Create(NumericOps.F32CanonicalNaN).AsSingle();
    private static readonly Vector128<double> F64CanonicalNaN = Vector128.Create(NumericOps.F64CanonicalNaN).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Canonical(Vector128<float> r) => Vector128.ConditionalSelect(Vector128.Equals(r, r), r, F32CanonicalNaN).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Canonical(Vector128<double> r) => Vector128.ConditionalSelect(Vector128.Equals(r, r), r, F64CanonicalNaN).AsByte();

    // ---------------------------------------------------------------- memory

    public static V V128Load8x8S(ref byte address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsSByte()).AsByte();
    public static V V128Load8x8U(ref byte address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsByte()).AsByte();
    public static V V128Load16x4S(ref byte address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsInt16()).AsByte();
    public static V V128Load16x4U(ref byte address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsUInt16()).AsByte();
    public static V V128Load32x2S(ref byte address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsInt32()).AsByte();
    public static V V128Load32x2U(ref byte address) => Vector128.WidenLower(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsUInt32()).AsByte();
    public static V V128Load8Splat(ref byte address) => Vector128.Create(address);
    public static V V128Load16Splat(ref byte address) => Vector128.Create(Unsafe.ReadUnaligned<ushort>(ref address)).AsByte();
    public static V V128Load32Splat(ref byte address) => Vector128.Create(Unsafe.ReadUnaligned<uint>(ref address)).AsByte();
    public static V V128Load64Splat(ref byte address) => Vector128.Create(Unsafe.ReadUnaligned<ulong>(ref address)).AsByte();
    public static V V128Load32Zero(ref byte address) => Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref address)).AsByte();
    public static V V128Load64Zero(ref byte address) => Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref address)).AsByte();
    public static V V128Load(ref byte address) => Unsafe.ReadUnaligned<V>(ref address);

    public static V V128Load8Lane(ref byte address, V v, int lane) => v.WithElement(lane, address);
    public static V V128Load16Lane(ref byte address, V v, int lane) => v.AsUInt16().WithElement(lane, Unsafe.ReadUnaligned<ushort>(ref address)).AsByte();
    public static V V128Load32Lane(ref byte address, V v, int lane) => v.AsUInt32().WithElement(lane, Unsafe.ReadUnaligned<uint>(ref address)).AsByte();
    public static V V128Load64Lane(ref byte address, V v, int lane) => v.AsUInt64().WithElement(lane, Unsafe.ReadUnaligned<ulong>(ref address)).AsByte();
    public static void V128Store8Lane(ref byte address, V v, int lane) => address = v.GetElement(lane);
    public static void V128Store16Lane(ref byte address, V v, int lane) => Unsafe.WriteUnaligned(ref address, v.AsUInt16().GetElement(lane));
    public static void V128Store32Lane(ref byte address, V v, int lane) => Unsafe.WriteUnaligned(ref address, v.AsUInt32().GetElement(lane));
    public static void V128Store64Lane(ref byte address, V v, int lane) => Unsafe.WriteUnaligned(ref address, v.AsUInt64().GetElement(lane));

    // ---------------------------------------------------------------- shuffles, splats, lanes

    /// <summary>Lanes 0..15 pick from <paramref name="a"/>, 16..31 from <paramref name="b"/> (validated below 32).</summary>
    public static V I8x16Shuffle(V a, V b, V lanes) =>
        // Shuffle yields 0 for an index ≥ 16: lanes - 16 wraps the indices of a out of b's range and vice versa.
        Vector128.Shuffle(a, lanes) | Vector128.Shuffle(b, lanes - Vector128.Create((byte)16));

    /// <summary>Indices ≥ 16 select 0, as <see cref="Vector128.Shuffle(Vector128{byte}, Vector128{byte})"/> defines.</summary>
    public static V I8x16Swizzle(V a, V indices) => Vector128.Shuffle(a, indices);

    public static V I8x16Splat(ulong x) => Vector128.Create((byte)x);
    public static V I16x8Splat(ulong x) => Vector128.Create((ushort)x).AsByte();
    public static V I32x4Splat(ulong x) => Vector128.Create((uint)x).AsByte();
    public static V I64x2Splat(ulong x) => Vector128.Create(x).AsByte();
    public static V F32x4Splat(ulong x) => Vector128.Create((uint)x).AsByte();
    public static V F64x2Splat(ulong x) => Vector128.Create(x).AsByte();

    public static ulong I8x16ExtractLaneS(V v, int lane) => (uint)(int)v.AsSByte().GetElement(lane);
    public static ulong I8x16ExtractLaneU(V v, int lane) => v.GetElement(lane);
    public static V I8x16ReplaceLane(V v, ulong x, int lane) => v.WithElement(lane, (byte)x);
    public static ulong I16x8ExtractLaneS(V v, int lane) => (uint)(int)v.AsInt16().GetElement(lane);
    public static ulong I16x8ExtractLaneU(V v, int lane) => v.AsUInt16().GetElement(lane);
    public static V I16x8ReplaceLane(V v, ulong x, int lane) => v.AsUInt16().WithElement(lane, (ushort)x).AsByte();
    public static ulong I32x4ExtractLane(V v, int lane) => v.AsUInt32().GetElement(lane);
    public static V I32x4ReplaceLane(V v, ulong x, int lane) => v.AsUInt32().WithElement(lane, (uint)x).AsByte();
    public static ulong I64x2ExtractLane(V v, int lane) => v.AsUInt64().GetElement(lane);
    public static V I64x2ReplaceLane(V v, ulong x, int lane) => v.AsUInt64().WithElement(lane, x).AsByte();
    public static ulong F32x4ExtractLane(V v, int lane) => v.AsUInt32().GetElement(lane);
    public static V F32x4ReplaceLane(V v, ulong x, int lane) => v.AsUInt32().WithElement(lane, (uint)x).AsByte();
    public static ulong F64x2ExtractLane(V v, int lane) => v.AsUInt64().GetElement(lane);
    public static V F64x2ReplaceLane(V v, ulong x, int lane) => v.AsUInt64().WithElement(lane, x).AsByte();

    // ---------------------------------------------------------------- comparisons (all-ones lanes for true)

    public static V I8x16Eq(V a, V b) => Vector128.Equals(a, b);
    public static V I8x16Ne(V a, V b) => ~Vector128.Equals(a, b);
    public static V I8x16LtS(V a, V b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I8x16LtU(V a, V b) => Vector128.LessThan(a, b);
    public static V I8x16GtS(V a, V b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I8x16GtU(V a, V b) => Vector128.GreaterThan(a, b);
    public static V I8x16LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I8x16LeU(V a, V b) => Vector128.LessThanOrEqual(a, b);
    public static V I8x16GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I8x16GeU(V a, V b) => Vector128.GreaterThanOrEqual(a, b);
    public static V I16x8Eq(V a, V b) => Vector128.Equals(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I16x8Ne(V a, V b) => (~Vector128.Equals(a.AsUInt16(), b.AsUInt16())).AsByte();
    public static V I16x8LtS(V a, V b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I16x8LtU(V a, V b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I16x8GtS(V a, V b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I16x8GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I16x8LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I16x8LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I16x8GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I16x8GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I32x4Eq(V a, V b) => Vector128.Equals(a.AsUInt32(), b.AsUInt32()).AsByte();
    public static V I32x4Ne(V a, V b) => (~Vector128.Equals(a.AsUInt32(), b.AsUInt32())).AsByte();
    public static V I32x4LtS(V a, V b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();
    public static V I32x4LtU(V a, V b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    public static V I32x4GtS(V a, V b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();
    public static V I32x4GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();
    public static V I32x4LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    public static V I32x4LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();
    public static V I32x4GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();
    public static V I32x4GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();
    public static V I64x2Eq(V a, V b) => Vector128.Equals(a.AsUInt64(), b.AsUInt64()).AsByte();
    public static V I64x2Ne(V a, V b) => (~Vector128.Equals(a.AsUInt64(), b.AsUInt64())).AsByte();
    public static V I64x2LtS(V a, V b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();
    public static V I64x2GtS(V a, V b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();
    public static V I64x2LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();
    public static V I64x2GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();
    // IEEE comparisons: false for unordered operands, except ne.
    public static V F32x4Eq(V a, V b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();
    public static V F32x4Ne(V a, V b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();
    public static V F32x4Lt(V a, V b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();
    public static V F32x4Gt(V a, V b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();
    public static V F32x4Le(V a, V b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    public static V F32x4Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();
    public static V F64x2Eq(V a, V b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();
    public static V F64x2Ne(V a, V b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();
    public static V F64x2Lt(V a, V b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();
    public static V F64x2Gt(V a, V b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();
    public static V F64x2Le(V a, V b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();
    public static V F64x2Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    // ---------------------------------------------------------------- bitwise

    public static V V128Not(V a) => ~a;
    public static V V128And(V a, V b) => a & b;
    public static V V128Andnot(V a, V b) => a & ~b;
    public static V V128Or(V a, V b) => a | b;
    public static V V128Xor(V a, V b) => a ^ b;
    public static V V128Bitselect(V a, V b, V mask) => (a & mask) | (b & ~mask);
    public static ulong V128AnyTrue(V a) => a != V.Zero ? 1u : 0u;

    public static ulong I8x16AllTrue(V a) => Vector128.EqualsAny(a, V.Zero) ? 0u : 1u;
    public static ulong I16x8AllTrue(V a) => Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero) ? 0u : 1u;
    public static ulong I32x4AllTrue(V a) => Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero) ? 0u : 1u;
    public static ulong I64x2AllTrue(V a) => Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero) ? 0u : 1u;
    public static ulong I8x16Bitmask(V a) => a.ExtractMostSignificantBits();
    public static ulong I16x8Bitmask(V a) => a.AsUInt16().ExtractMostSignificantBits();
    public static ulong I32x4Bitmask(V a) => a.AsUInt32().ExtractMostSignificantBits();
    public static ulong I64x2Bitmask(V a) => a.AsUInt64().ExtractMostSignificantBits();

    // ---------------------------------------------------------------- integer arithmetic (wrapping unless _sat)

    // abs wraps: the most negative lane stays itself (Vector128.Abs's software path would throw on it).
    public static V I8x16Abs(V a) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsSByte(), Vector128<sbyte>.Zero), -a.AsSByte(), a.AsSByte()).AsByte();
    public static V I16x8Abs(V a) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsInt16(), Vector128<short>.Zero), -a.AsInt16(), a.AsInt16()).AsByte();
    public static V I32x4Abs(V a) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsInt32(), Vector128<int>.Zero), -a.AsInt32(), a.AsInt32()).AsByte();
    public static V I64x2Abs(V a) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsInt64(), Vector128<long>.Zero), -a.AsInt64(), a.AsInt64()).AsByte();
    public static V I8x16Neg(V a) => (V.Zero - a);
    public static V I16x8Neg(V a) => (Vector128<ushort>.Zero - a.AsUInt16()).AsByte();
    public static V I32x4Neg(V a) => (Vector128<uint>.Zero - a.AsUInt32()).AsByte();
    public static V I64x2Neg(V a) => (Vector128<ulong>.Zero - a.AsUInt64()).AsByte();

    public static V I8x16Popcnt(V a)
    {
        // Per nibble through a 16-entry table (pshufb where available).
        var table = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        var low = Vector128.Create((byte)0x0F);
        return Vector128.Shuffle(table, a & low) + Vector128.Shuffle(table, Vector128.ShiftRightLogical(a, 4) & low);
    }

    public static V I8x16Add(V a, V b) => a + b;
    public static V I16x8Add(V a, V b) => (a.AsUInt16() + b.AsUInt16()).AsByte();
    public static V I32x4Add(V a, V b) => (a.AsUInt32() + b.AsUInt32()).AsByte();
    public static V I64x2Add(V a, V b) => (a.AsUInt64() + b.AsUInt64()).AsByte();
    public static V I8x16Sub(V a, V b) => a - b;
    public static V I16x8Sub(V a, V b) => (a.AsUInt16() - b.AsUInt16()).AsByte();
    public static V I32x4Sub(V a, V b) => (a.AsUInt32() - b.AsUInt32()).AsByte();
    public static V I64x2Sub(V a, V b) => (a.AsUInt64() - b.AsUInt64()).AsByte();
    public static V I16x8Mul(V a, V b) => (a.AsUInt16() * b.AsUInt16()).AsByte();
    public static V I32x4Mul(V a, V b) => (a.AsUInt32() * b.AsUInt32()).AsByte();
    public static V I64x2Mul(V a, V b) => (a.AsUInt64() * b.AsUInt64()).AsByte();

    public static V I8x16AddSatS(V a, V b) => AddSaturateSigned(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I16x8AddSatS(V a, V b) => AddSaturateSigned(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I8x16SubSatS(V a, V b) => SubtractSaturateSigned(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I16x8SubSatS(V a, V b) => SubtractSaturateSigned(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I8x16AddSatU(V a, V b) => Vector128.Min(a, ~b) + b;
    public static V I16x8AddSatU(V a, V b) => (Vector128.Min(a.AsUInt16(), ~b.AsUInt16()) + b.AsUInt16()).AsByte();
    public static V I8x16SubSatU(V a, V b) => Vector128.Max(a, b) - b;
    public static V I16x8SubSatU(V a, V b) => (Vector128.Max(a.AsUInt16(), b.AsUInt16()) - b.AsUInt16()).AsByte();

    private static Vector128<T> AddSaturateSigned<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
    {
        var sum = a + b;
        // Overflow when a and b share a sign that the sum lacks; the saturated value takes a's sign.
        var overflow = Vector128.LessThan((a ^ sum) & (b ^ sum), Vector128<T>.Zero);
        var saturated = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128<T>.Zero), Vector128.Create(T.MinValue), Vector128.Create(T.MaxValue));
        return Vector128.ConditionalSelect(overflow, saturated, sum);
    }

    private static Vector128<T> SubtractSaturateSigned<T>(Vector128<T> a, Vector128<T> b) where T : unmanaged, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
    {
        var difference = a - b;
        var overflow = Vector128.LessThan((a ^ b) & (a ^ difference), Vector128<T>.Zero);
        var saturated = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128<T>.Zero), Vector128.Create(T.MinValue), Vector128.Create(T.MaxValue));
        return Vector128.ConditionalSelect(overflow, saturated, difference);
    }

    public static V I8x16MinS(V a, V b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I8x16MinU(V a, V b) => Vector128.Min(a, b);
    public static V I8x16MaxS(V a, V b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();
    public static V I8x16MaxU(V a, V b) => Vector128.Max(a, b);
    public static V I16x8MinS(V a, V b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I16x8MinU(V a, V b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I16x8MaxS(V a, V b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();
    public static V I16x8MaxU(V a, V b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();
    public static V I32x4MinS(V a, V b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();
    public static V I32x4MinU(V a, V b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();
    public static V I32x4MaxS(V a, V b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();
    public static V I32x4MaxU(V a, V b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary>(a + b + 1) / 2 without overflow.</summary>
    public static V I8x16AvgrU(V a, V b) => (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);
    public static V I16x8AvgrU(V a, V b) => ((a.AsUInt16() | b.AsUInt16()) - Vector128.ShiftRightLogical(a.AsUInt16() ^ b.AsUInt16(), 1)).AsByte();

    public static V I16x8Q15mulrSatS(V a, V b)
    {
        var x = a.AsInt16();
        var y = b.AsInt16();
        Span<short> r = stackalloc short[8];
        for (int i = 0; i < 8; i++)
        {
            int product = (x.GetElement(i) * y.GetElement(i) + 0x4000) >> 15;
            r[i] = (short)Math.Clamp(product, short.MinValue, short.MaxValue);
        }
        return Vector128.Create<short>(r).AsByte();
    }

    public static V I32x4DotI16x8S(V a, V b)
    {
        var (al, ah) = Vector128.Widen(a.AsInt16());
        var (bl, bh) = Vector128.Widen(b.AsInt16());
        var low = al * bl;
        var high = ah * bh;
        // Pairwise sums of adjacent products (wrapping, as Wasm defines for -32768² + -32768²).
        return (PairwiseEven(low, high) + PairwiseOdd(low, high)).AsByte();
    }

    /// <summary>Lanes 0, 2, 4, 6 of the concatenation low:high.</summary>
    private static Vector128<int> PairwiseEven(Vector128<int> low, Vector128<int> high) =>
        Vector128.Create(low.GetElement(0), low.GetElement(2), high.GetElement(0), high.GetElement(2));

    private static Vector128<int> PairwiseOdd(Vector128<int> low, Vector128<int> high) =>
        Vector128.Create(low.GetElement(1), low.GetElement(3), high.GetElement(1), high.GetElement(3));

    // ---------------------------------------------------------------- shifts (count modulo the lane width)

    public static V I8x16Shl(V a, uint count) => Vector128.ShiftLeft(a, (int)(count & 7));
    public static V I8x16ShrS(V a, uint count) => Vector128.ShiftRightArithmetic(a.AsSByte(), (int)(count & 7)).AsByte();
    public static V I8x16ShrU(V a, uint count) => Vector128.ShiftRightLogical(a, (int)(count & 7));
    public static V I16x8Shl(V a, uint count) => Vector128.ShiftLeft(a.AsUInt16(), (int)(count & 15)).AsByte();
    public static V I16x8ShrS(V a, uint count) => Vector128.ShiftRightArithmetic(a.AsInt16(), (int)(count & 15)).AsByte();
    public static V I16x8ShrU(V a, uint count) => Vector128.ShiftRightLogical(a.AsUInt16(), (int)(count & 15)).AsByte();
    public static V I32x4Shl(V a, uint count) => Vector128.ShiftLeft(a.AsUInt32(), (int)(count & 31)).AsByte();
    public static V I32x4ShrS(V a, uint count) => Vector128.ShiftRightArithmetic(a.AsInt32(), (int)(count & 31)).AsByte();
    public static V I32x4ShrU(V a, uint count) => Vector128.ShiftRightLogical(a.AsUInt32(), (int)(count & 31)).AsByte();
    public static V I64x2Shl(V a, uint count) => Vector128.ShiftLeft(a.AsUInt64(), (int)(count & 63)).AsByte();
    public static V I64x2ShrS(V a, uint count) => Vector128.ShiftRightArithmetic(a.AsInt64(), (int)(count & 63)).AsByte();
    public static V I64x2ShrU(V a, uint count) => Vector128.ShiftRightLogical(a.AsUInt64(), (int)(count & 63)).AsByte();

    // ---------------------------------------------------------------- widening and narrowing

    public static V I16x8ExtendLowI8x16S(V a) => Vector128.WidenLower(a.AsSByte()).AsByte();
    public static V I16x8ExtendHighI8x16S(V a) => Vector128.WidenUpper(a.AsSByte()).AsByte();
    public static V I16x8ExtendLowI8x16U(V a) => Vector128.WidenLower(a).AsByte();
    public static V I16x8ExtendHighI8x16U(V a) => Vector128.WidenUpper(a).AsByte();
    public static V I32x4ExtendLowI16x8S(V a) => Vector128.WidenLower(a.AsInt16()).AsByte();
    public static V I32x4ExtendHighI16x8S(V a) => Vector128.WidenUpper(a.AsInt16()).AsByte();
    public static V I32x4ExtendLowI16x8U(V a) => Vector128.WidenLower(a.AsUInt16()).AsByte();
    public static V I32x4ExtendHighI16x8U(V a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();
    public static V I64x2ExtendLowI32x4S(V a) => Vector128.WidenLower(a.AsInt32()).AsByte();
    public static V I64x2ExtendHighI32x4S(V a) => Vector128.WidenUpper(a.AsInt32()).AsByte();
    public static V I64x2ExtendLowI32x4U(V a) => Vector128.WidenLower(a.AsUInt32()).AsByte();
    public static V I64x2ExtendHighI32x4U(V a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    public static V I16x8ExtmulLowI8x16S(V a, V b) => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();
    public static V I16x8ExtmulHighI8x16S(V a, V b) => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();
    public static V I16x8ExtmulLowI8x16U(V a, V b) => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();
    public static V I16x8ExtmulHighI8x16U(V a, V b) => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();
    public static V I32x4ExtmulLowI16x8S(V a, V b) => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();
    public static V I32x4ExtmulHighI16x8S(V a, V b) => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();
    public static V I32x4ExtmulLowI16x8U(V a, V b) => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();
    public static V I32x4ExtmulHighI16x8U(V a, V b) => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();
    public static V I64x2ExtmulLowI32x4S(V a, V b) => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();
    public static V I64x2ExtmulHighI32x4S(V a, V b) => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();
    public static V I64x2ExtmulLowI32x4U(V a, V b) => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();
    public static V I64x2ExtmulHighI32x4U(V a, V b) => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();

    public static V I16x8ExtaddPairwiseI8x16S(V a)
    {
        var (low, high) = Vector128.Widen(a.AsSByte());
        return PairwiseAdd(low, high).AsByte();
    }

    public static V I16x8ExtaddPairwiseI8x16U(V a)
    {
        var (low, high) = Vector128.Widen(a);
        return PairwiseAdd(low.AsInt16(), high.AsInt16()).AsByte();
    }

    public static V I32x4ExtaddPairwiseI16x8S(V a)
    {
        var (low, high) = Vector128.Widen(a.AsInt16());
        return PairwiseAdd(low, high).AsByte();
    }

    public static V I32x4ExtaddPairwiseI16x8U(V a)
    {
        var (low, high) = Vector128.Widen(a.AsUInt16());
        return PairwiseAdd(low.AsInt32(), high.AsInt32()).AsByte();
    }

    /// <summary>Sums of adjacent lanes of the concatenation low:high (so the result lane i is lanes 2i + 2i+1).</summary>
    private static Vector128<T> PairwiseAdd<T>(Vector128<T> low, Vector128<T> high) where T : unmanaged, IBinaryInteger<T>
    {
        int n = Vector128<T>.Count;
        Span<T> r = stackalloc T[n];
        for (int i = 0; i < n / 2; i++)
        {
            r[i] = low.GetElement(2 * i) + low.GetElement(2 * i + 1);
            r[n / 2 + i] = high.GetElement(2 * i) + high.GetElement(2 * i + 1);
        }
        return Vector128.Create<T>(r);
    }

    public static V I8x16NarrowI16x8S(V a, V b) =>
        Vector128.Narrow(ClampI16(a.AsInt16(), sbyte.MinValue, sbyte.MaxValue), ClampI16(b.AsInt16(), sbyte.MinValue, sbyte.MaxValue)).AsByte();
    public static V I8x16NarrowI16x8U(V a, V b) =>
        Vector128.Narrow(ClampI16(a.AsInt16(), 0, byte.MaxValue).AsUInt16(), ClampI16(b.AsInt16(), 0, byte.MaxValue).AsUInt16());
    public static V I16x8NarrowI32x4S(V a, V b) =>
        Vector128.Narrow(ClampI32(a.AsInt32(), short.MinValue, short.MaxValue), ClampI32(b.AsInt32(), short.MinValue, short.MaxValue)).AsByte();
    public static V I16x8NarrowI32x4U(V a, V b) =>
        Vector128.Narrow(ClampI32(a.AsInt32(), 0, ushort.MaxValue).AsUInt32(), ClampI32(b.AsInt32(), 0, ushort.MaxValue).AsUInt32()).AsByte();

    private static Vector128<short> ClampI16(Vector128<short> v, short min, short max) =>
        Vector128.Min(Vector128.Max(v, Vector128.Create(min)), Vector128.Create(max));

    private static Vector128<int> ClampI32(Vector128<int> v, int min, int max) =>
        Vector128.Min(Vector128.Max(v, Vector128.Create(min)), Vector128.Create(max));

    // ---------------------------------------------------------------- float arithmetic

    public static V F32x4Abs(V a) => (a.AsUInt32() & Vector128.Create(0x7FFF_FFFFu)).AsByte();
    public static V F32x4Neg(V a) => (a.AsUInt32() ^ Vector128.Create(0x8000_0000u)).AsByte();
    public static V F64x2Abs(V a) => (a.AsUInt64() & Vector128.Create(0x7FFF_FFFF_FFFF_FFFFul)).AsByte();
    public static V F64x2Neg(V a) => (a.AsUInt64() ^ Vector128.Create(0x8000_0000_0000_0000ul)).AsByte();

    public static V F32x4Sqrt(V a) => Canonical(Vector128.Sqrt(a.AsSingle()));
    public static V F32x4Add(V a, V b) => Canonical(a.AsSingle() + b.AsSingle());
    public static V F32x4Sub(V a, V b) => Canonical(a.AsSingle() - b.AsSingle());
    public static V F32x4Mul(V a, V b) => Canonical(a.AsSingle() * b.AsSingle());
    public static V F32x4Div(V a, V b) => Canonical(a.AsSingle() / b.AsSingle());
    public static V F64x2Sqrt(V a) => Canonical(Vector128.Sqrt(a.AsDouble()));
    public static V F64x2Add(V a, V b) => Canonical(a.AsDouble() + b.AsDouble());
    public static V F64x2Sub(V a, V b) => Canonical(a.AsDouble() - b.AsDouble());
    public static V F64x2Mul(V a, V b) => Canonical(a.AsDouble() * b.AsDouble());
    public static V F64x2Div(V a, V b) => Canonical(a.AsDouble() / b.AsDouble());

    public static V F32x4Ceil(V a) => Canonical(Vector128.Ceiling(a.AsSingle()));
    public static V F32x4Floor(V a) => Canonical(Vector128.Floor(a.AsSingle()));
    public static V F32x4Trunc(V a) => Canonical(Vector128.Truncate(a.AsSingle()));
    public static V F32x4Nearest(V a) => Canonical(Vector128.Round(a.AsSingle()));
    public static V F64x2Ceil(V a) => Canonical(Vector128.Ceiling(a.AsDouble()));
    public static V F64x2Floor(V a) => Canonical(Vector128.Floor(a.AsDouble()));
    public static V F64x2Trunc(V a) => Canonical(Vector128.Truncate(a.AsDouble()));
    public static V F64x2Nearest(V a) => Canonical(Vector128.Round(a.AsDouble()));

    /// <summary>Wasm min: NaN if either lane is NaN (canonical here), and -0 below +0.</summary>
    public static V F32x4Min(V a, V b) => Min(a.AsSingle(), b.AsSingle(), F32CanonicalNaN).AsByte();
    public static V F32x4Max(V a, V b) => Max(a.AsSingle(), b.AsSingle(), F32CanonicalNaN).AsByte();
    public static V F64x2Min(V a, V b) => Min(a.AsDouble(), b.AsDouble(), F64CanonicalNaN).AsByte();
    public static V F64x2Max(V a, V b) => Max(a.AsDouble(), b.AsDouble(), F64CanonicalNaN).AsByte();

    private static Vector128<T> Min<T>(Vector128<T> a, Vector128<T> b, Vector128<T> nan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Equal lanes (±0 included) OR their bits: -0 wins. Unordered lanes become NaN below.
        var r = Vector128.ConditionalSelect(Vector128.LessThan(a, b), a,
            Vector128.ConditionalSelect(Vector128.LessThan(b, a), b, a | b));
        return CanonicalWhereUnordered(a, b, r, nan);
    }

    private static Vector128<T> Max<T>(Vector128<T> a, Vector128<T> b, Vector128<T> nan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Equal lanes (±0 included) AND their bits: +0 wins.
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), a,
            Vector128.ConditionalSelect(Vector128.GreaterThan(b, a), b, a & b));
        return CanonicalWhereUnordered(a, b, r, nan);
    }

    private static Vector128<T> CanonicalWhereUnordered<T>(Vector128<T> a, Vector128<T> b, Vector128<T> r, Vector128<T> nan)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector128.ConditionalSelect(Vector128.Equals(a, a) & Vector128.Equals(b, b), r, nan);

    /// <summary>pmin: b &lt; a ? b : a, bits kept (a NaN operand is returned as it is).</summary>
    public static V F32x4Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsSingle(), a.AsSingle()).AsByte(), b, a);
    public static V F32x4Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte(), b, a);
    public static V F64x2Pmin(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(b.AsDouble(), a.AsDouble()).AsByte(), b, a);
    public static V F64x2Pmax(V a, V b) => Vector128.ConditionalSelect(Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte(), b, a);

    // ---------------------------------------------------------------- conversions

    public static V F32x4DemoteF64x2Zero(V a)
    {
        var d = a.AsUInt64();
        return Vector128.Create(NumericOps.F32DemoteF64(d.GetElement(0)), NumericOps.F32DemoteF64(d.GetElement(1)), 0u, 0u).AsByte();
    }

    public static V F64x2PromoteLowF32x4(V a)
    {
        var f = a.AsUInt32();
        return Vector128.Create(NumericOps.F64PromoteF32(f.GetElement(0)), NumericOps.F64PromoteF32(f.GetElement(1))).AsByte();
    }

    public static V I32x4TruncSatF32x4S(V a)
    {
        var f = a.AsUInt32();
        return Vector128.Create(NumericOps.I32TruncSatF32S(f.GetElement(0)), NumericOps.I32TruncSatF32S(f.GetElement(1)),
            NumericOps.I32TruncSatF32S(f.GetElement(2)), NumericOps.I32TruncSatF32S(f.GetElement(3))).AsByte();
    }

    public static V I32x4TruncSatF32x4U(V a)
    {
        var f = a.AsUInt32();
        return Vector128.Create(NumericOps.I32TruncSatF32U(f.GetElement(0)), NumericOps.I32TruncSatF32U(f.GetElement(1)),
            NumericOps.I32TruncSatF32U(f.GetElement(2)), NumericOps.I32TruncSatF32U(f.GetElement(3))).AsByte();
    }

    public static V I32x4TruncSatF64x2SZero(V a)
    {
        var d = a.AsUInt64();
        return Vector128.Create(NumericOps.I32TruncSatF64S(d.GetElement(0)), NumericOps.I32TruncSatF64S(d.GetElement(1)), 0, 0).AsByte();
    }

    public static V I32x4TruncSatF64x2UZero(V a)
    {
        var d = a.AsUInt64();
        return Vector128.Create(NumericOps.I32TruncSatF64U(d.GetElement(0)), NumericOps.I32TruncSatF64U(d.GetElement(1)), 0u, 0u).AsByte();
    }

    /// <summary>Signed int → float rounds to nearest, ties to even, on every path (cvtdq2ps or the scalar conversion).</summary>
    public static V F32x4ConvertI32x4S(V a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    public static V F32x4ConvertI32x4U(V a)
    {
        var i = a.AsUInt32();
        return Vector128.Create(NumericOps.F32ConvertI32U(i.GetElement(0)), NumericOps.F32ConvertI32U(i.GetElement(1)),
            NumericOps.F32ConvertI32U(i.GetElement(2)), NumericOps.F32ConvertI32U(i.GetElement(3))).AsByte();
    }

    // Every i32 and u32 is exact in f64.
    public static V F64x2ConvertLowI32x4S(V a) => Vector128.ConvertToDouble(Vector128.WidenLower(a.AsInt32())).AsByte();
    public static V F64x2ConvertLowI32x4U(V a) => Vector128.ConvertToDouble(Vector128.WidenLower(a.AsUInt32())).AsByte();
}
