using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Contracts.Engine.Execution;

internal static partial class Executor
{
    /// <summary>The v128 in the cell at slot operand <paramref name="operand"/>.</summary>
    /// <remarks>SAFETY: as <see cref="S"/> and <see cref="Cell"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Vector128<byte> V(ref ulong fp, ref int ip, int operand) =>
        ref Unsafe.As<ulong, Vector128<byte>>(ref Unsafe.Add(ref fp, (nint)(uint)Unsafe.Add(ref ip, operand)));

    /// <summary>
    /// Runs one SIMD op (<see cref="Op.V128Load"/> and after) and returns its width in words, or 0 when its memory
    /// access is out of bounds (the caller traps). Kept out of the main loop so that the loop stays small enough for
    /// the JIT to optimise fully; the semantics live in <see cref="SimdOps"/>.
    /// </summary>
    /// <remarks>
    /// SAFETY: as the main loop's cases: operands at ip + 1 .. ip + width - 1 of the op's layout, slots through
    /// S/V (the translator's invariant), memory accesses bounds-checked against <paramref name="memoryLength"/>
    /// before the access (validation guarantees a memory exists for memory ops).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ExecuteSimd(Op op, ref ulong fp, ref int ip, ref byte memoryBase, ulong memoryLength, Runtime.Memory? memory)
    {
        switch (op)
        {
                case Op.V128Load:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 16 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load8x8S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load8x8S(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load8x8U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load8x8U(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load16x4S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load16x4S(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load16x4U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load16x4U(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load32x2S:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load32x2S(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load32x2U:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load32x2U(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load8Splat:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load8Splat(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load16Splat:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load16Splat(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load32Splat:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load32Splat(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load64Splat:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load64Splat(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Store:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 16 > memoryLength) return 0;
                    memory!.NoteWrite(address, 16);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 2));
                    return 4;
                }
                case Op.V128Const:
                    V(ref fp, ref ip, 1) = Vector128.Create(Unsafe.Add(ref ip, 2), Unsafe.Add(ref ip, 3), Unsafe.Add(ref ip, 4), Unsafe.Add(ref ip, 5)).AsByte();
                    return 6;
                case Op.I8x16Shuffle:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Shuffle(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3),
                        Vector128.Create(Unsafe.Add(ref ip, 4), Unsafe.Add(ref ip, 5), Unsafe.Add(ref ip, 6), Unsafe.Add(ref ip, 7)).AsByte());
                    return 8;
                case Op.I8x16Swizzle:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Swizzle(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16Splat:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Splat(S(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Splat:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Splat(S(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4Splat:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Splat(S(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2Splat:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Splat(S(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Splat:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Splat(S(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2Splat:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Splat(S(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16ExtractLaneS:
                    S(ref fp, ref ip, 1) = SimdOps.I8x16ExtractLaneS(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.I8x16ExtractLaneU:
                    S(ref fp, ref ip, 1) = SimdOps.I8x16ExtractLaneU(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.I8x16ReplaceLane:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16ReplaceLane(V(ref fp, ref ip, 2), S(ref fp, ref ip, 3), Unsafe.Add(ref ip, 4));
                    return 5;
                case Op.I16x8ExtractLaneS:
                    S(ref fp, ref ip, 1) = SimdOps.I16x8ExtractLaneS(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.I16x8ExtractLaneU:
                    S(ref fp, ref ip, 1) = SimdOps.I16x8ExtractLaneU(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.I16x8ReplaceLane:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ReplaceLane(V(ref fp, ref ip, 2), S(ref fp, ref ip, 3), Unsafe.Add(ref ip, 4));
                    return 5;
                case Op.I32x4ExtractLane:
                    S(ref fp, ref ip, 1) = SimdOps.I32x4ExtractLane(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.I32x4ReplaceLane:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ReplaceLane(V(ref fp, ref ip, 2), S(ref fp, ref ip, 3), Unsafe.Add(ref ip, 4));
                    return 5;
                case Op.I64x2ExtractLane:
                    S(ref fp, ref ip, 1) = SimdOps.I64x2ExtractLane(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.I64x2ReplaceLane:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ReplaceLane(V(ref fp, ref ip, 2), S(ref fp, ref ip, 3), Unsafe.Add(ref ip, 4));
                    return 5;
                case Op.F32x4ExtractLane:
                    S(ref fp, ref ip, 1) = SimdOps.F32x4ExtractLane(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.F32x4ReplaceLane:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4ReplaceLane(V(ref fp, ref ip, 2), S(ref fp, ref ip, 3), Unsafe.Add(ref ip, 4));
                    return 5;
                case Op.F64x2ExtractLane:
                    S(ref fp, ref ip, 1) = SimdOps.F64x2ExtractLane(V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 3));
                    return 4;
                case Op.F64x2ReplaceLane:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2ReplaceLane(V(ref fp, ref ip, 2), S(ref fp, ref ip, 3), Unsafe.Add(ref ip, 4));
                    return 5;
                case Op.I8x16Eq:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Eq(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16Ne:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Ne(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16LtS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16LtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16LtU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16LtU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16GtS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16GtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16GtU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16GtU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16LeS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16LeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16LeU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16LeU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16GeS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16GeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16GeU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16GeU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8Eq:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Eq(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8Ne:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Ne(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8LtS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8LtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8LtU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8LtU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8GtS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8GtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8GtU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8GtU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8LeS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8LeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8LeU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8LeU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8GeS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8GeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8GeU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8GeU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4Eq:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Eq(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4Ne:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Ne(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4LtS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4LtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4LtU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4LtU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4GtS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4GtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4GtU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4GtU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4LeS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4LeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4LeU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4LeU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4GeS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4GeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4GeU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4GeU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Eq:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Eq(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Ne:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Ne(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Lt:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Lt(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Gt:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Gt(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Le:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Le(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Ge:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Ge(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Eq:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Eq(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Ne:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Ne(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Lt:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Lt(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Gt:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Gt(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Le:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Le(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Ge:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Ge(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.V128Not:
                    V(ref fp, ref ip, 1) = SimdOps.V128Not(V(ref fp, ref ip, 2));
                    return 3;
                case Op.V128And:
                    V(ref fp, ref ip, 1) = SimdOps.V128And(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.V128Andnot:
                    V(ref fp, ref ip, 1) = SimdOps.V128Andnot(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.V128Or:
                    V(ref fp, ref ip, 1) = SimdOps.V128Or(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.V128Xor:
                    V(ref fp, ref ip, 1) = SimdOps.V128Xor(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.V128Bitselect:
                    V(ref fp, ref ip, 1) = SimdOps.V128Bitselect(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3), V(ref fp, ref ip, 4));
                    return 5;
                case Op.V128AnyTrue:
                    S(ref fp, ref ip, 1) = SimdOps.V128AnyTrue(V(ref fp, ref ip, 2));
                    return 3;
                case Op.V128Load8Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 4);
                    if (address + 1 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load8Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 3), Unsafe.Add(ref ip, 5));
                    return 6;
                }
                case Op.V128Load16Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 4);
                    if (address + 2 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load16Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 3), Unsafe.Add(ref ip, 5));
                    return 6;
                }
                case Op.V128Load32Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 4);
                    if (address + 4 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load32Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 3), Unsafe.Add(ref ip, 5));
                    return 6;
                }
                case Op.V128Load64Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 4);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load64Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 3), Unsafe.Add(ref ip, 5));
                    return 6;
                }
                case Op.V128Store8Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 1 > memoryLength) return 0;
                    memory!.NoteWrite(address, 1);
                    SimdOps.V128Store8Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 4));
                    return 5;
                }
                case Op.V128Store16Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 2 > memoryLength) return 0;
                    memory!.NoteWrite(address, 2);
                    SimdOps.V128Store16Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 4));
                    return 5;
                }
                case Op.V128Store32Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) return 0;
                    memory!.NoteWrite(address, 4);
                    SimdOps.V128Store32Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 4));
                    return 5;
                }
                case Op.V128Store64Lane:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 1) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    memory!.NoteWrite(address, 8);
                    SimdOps.V128Store64Lane(ref Unsafe.Add(ref memoryBase, (nint)address), V(ref fp, ref ip, 2), Unsafe.Add(ref ip, 4));
                    return 5;
                }
                case Op.V128Load32Zero:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 4 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load32Zero(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.V128Load64Zero:
                {
                    ulong address = (ulong)(uint)S(ref fp, ref ip, 2) + (uint)Unsafe.Add(ref ip, 3);
                    if (address + 8 > memoryLength) return 0;
                    V(ref fp, ref ip, 1) = SimdOps.V128Load64Zero(ref Unsafe.Add(ref memoryBase, (nint)address));
                    return 4;
                }
                case Op.F32x4DemoteF64x2Zero:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4DemoteF64x2Zero(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2PromoteLowF32x4:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2PromoteLowF32x4(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16Abs:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Abs(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16Neg:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Neg(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16Popcnt:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Popcnt(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16AllTrue:
                    S(ref fp, ref ip, 1) = SimdOps.I8x16AllTrue(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16Bitmask:
                    S(ref fp, ref ip, 1) = SimdOps.I8x16Bitmask(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16NarrowI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16NarrowI16x8S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16NarrowI16x8U:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16NarrowI16x8U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Ceil:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Ceil(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Floor:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Floor(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Trunc:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Trunc(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Nearest:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Nearest(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16Shl:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Shl(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16ShrS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16ShrS(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16ShrU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16ShrU(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16Add:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Add(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16AddSatS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16AddSatS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16AddSatU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16AddSatU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16Sub:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16Sub(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16SubSatS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16SubSatS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16SubSatU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16SubSatU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Ceil:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Ceil(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2Floor:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Floor(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16MinS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16MinS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16MinU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16MinU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16MaxS:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16MaxS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I8x16MaxU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16MaxU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Trunc:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Trunc(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I8x16AvgrU:
                    V(ref fp, ref ip, 1) = SimdOps.I8x16AvgrU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ExtaddPairwiseI8x16S:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtaddPairwiseI8x16S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8ExtaddPairwiseI8x16U:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtaddPairwiseI8x16U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4ExtaddPairwiseI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtaddPairwiseI16x8S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4ExtaddPairwiseI16x8U:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtaddPairwiseI16x8U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Abs:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Abs(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Neg:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Neg(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Q15mulrSatS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Q15mulrSatS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8AllTrue:
                    S(ref fp, ref ip, 1) = SimdOps.I16x8AllTrue(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Bitmask:
                    S(ref fp, ref ip, 1) = SimdOps.I16x8Bitmask(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8NarrowI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8NarrowI32x4S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8NarrowI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8NarrowI32x4U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ExtendLowI8x16S:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtendLowI8x16S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8ExtendHighI8x16S:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtendHighI8x16S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8ExtendLowI8x16U:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtendLowI8x16U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8ExtendHighI8x16U:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtendHighI8x16U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Shl:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Shl(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ShrS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ShrS(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ShrU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ShrU(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8Add:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Add(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8AddSatS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8AddSatS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8AddSatU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8AddSatU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8Sub:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Sub(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8SubSatS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8SubSatS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8SubSatU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8SubSatU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Nearest:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Nearest(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I16x8Mul:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8Mul(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8MinS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8MinS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8MinU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8MinU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8MaxS:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8MaxS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8MaxU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8MaxU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8AvgrU:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8AvgrU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ExtmulLowI8x16S:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtmulLowI8x16S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ExtmulHighI8x16S:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtmulHighI8x16S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ExtmulLowI8x16U:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtmulLowI8x16U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I16x8ExtmulHighI8x16U:
                    V(ref fp, ref ip, 1) = SimdOps.I16x8ExtmulHighI8x16U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4Abs:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Abs(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4Neg:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Neg(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4AllTrue:
                    S(ref fp, ref ip, 1) = SimdOps.I32x4AllTrue(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4Bitmask:
                    S(ref fp, ref ip, 1) = SimdOps.I32x4Bitmask(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4ExtendLowI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtendLowI16x8S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4ExtendHighI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtendHighI16x8S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4ExtendLowI16x8U:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtendLowI16x8U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4ExtendHighI16x8U:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtendHighI16x8U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4Shl:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Shl(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4ShrS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ShrS(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4ShrU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ShrU(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4Add:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Add(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4Sub:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Sub(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4Mul:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4Mul(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4MinS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4MinS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4MinU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4MinU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4MaxS:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4MaxS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4MaxU:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4MaxU(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4DotI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4DotI16x8S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4ExtmulLowI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtmulLowI16x8S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4ExtmulHighI16x8S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtmulHighI16x8S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4ExtmulLowI16x8U:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtmulLowI16x8U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4ExtmulHighI16x8U:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4ExtmulHighI16x8U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2Abs:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Abs(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2Neg:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Neg(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2AllTrue:
                    S(ref fp, ref ip, 1) = SimdOps.I64x2AllTrue(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2Bitmask:
                    S(ref fp, ref ip, 1) = SimdOps.I64x2Bitmask(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2ExtendLowI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtendLowI32x4S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2ExtendHighI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtendHighI32x4S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2ExtendLowI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtendLowI32x4U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2ExtendHighI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtendHighI32x4U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I64x2Shl:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Shl(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2ShrS:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ShrS(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2ShrU:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ShrU(V(ref fp, ref ip, 2), (uint)S(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2Add:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Add(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2Sub:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Sub(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2Mul:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Mul(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2Eq:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Eq(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2Ne:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2Ne(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2LtS:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2LtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2GtS:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2GtS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2LeS:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2LeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2GeS:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2GeS(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2ExtmulLowI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtmulLowI32x4S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2ExtmulHighI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtmulHighI32x4S(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2ExtmulLowI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtmulLowI32x4U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I64x2ExtmulHighI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.I64x2ExtmulHighI32x4U(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Abs:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Abs(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Neg:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Neg(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Sqrt:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Sqrt(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4Add:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Add(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Sub:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Sub(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Mul:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Mul(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Div:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Div(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Min:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Min(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Max:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Max(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Pmin:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Pmin(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F32x4Pmax:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4Pmax(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Abs:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Abs(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2Neg:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Neg(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2Sqrt:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Sqrt(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2Add:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Add(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Sub:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Sub(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Mul:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Mul(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Div:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Div(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Min:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Min(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Max:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Max(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Pmin:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Pmin(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.F64x2Pmax:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2Pmax(V(ref fp, ref ip, 2), V(ref fp, ref ip, 3));
                    return 4;
                case Op.I32x4TruncSatF32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4TruncSatF32x4S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4TruncSatF32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4TruncSatF32x4U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4ConvertI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4ConvertI32x4S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F32x4ConvertI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.F32x4ConvertI32x4U(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4TruncSatF64x2SZero:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4TruncSatF64x2SZero(V(ref fp, ref ip, 2));
                    return 3;
                case Op.I32x4TruncSatF64x2UZero:
                    V(ref fp, ref ip, 1) = SimdOps.I32x4TruncSatF64x2UZero(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2ConvertLowI32x4S:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2ConvertLowI32x4S(V(ref fp, ref ip, 2));
                    return 3;
                case Op.F64x2ConvertLowI32x4U:
                    V(ref fp, ref ip, 1) = SimdOps.F64x2ConvertLowI32x4U(V(ref fp, ref ip, 2));
                    return 3;
                default:
                    throw new InvalidOperationException($"corrupt register code: {op} is not a SIMD op");
        }
    }
}
