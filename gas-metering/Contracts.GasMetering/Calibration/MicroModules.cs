using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.GasMetering.Calibration;

/// <summary>
/// Calibration micro-modules: <c>run(n)</c> executes a loop n times whose body is <see cref="UnitsPerIteration"/>
/// copies of one "unit", a few instructions dominated by one <see cref="CostClass"/> (operands from locals, result to
/// a local, as compiled code does). The baseline is the same loop with no unit.
/// </summary>
internal static class MicroModules
{
    public const int UnitsPerIteration = 16;

    // Locals after the parameter (0 = loop counter): 1..3 i32, 4..6 i64, 7..8 f64, 9..10 v128.
    private const byte A = 1, B = 2, C = 3, X = 4, Y = 5, Z = 6, F = 7, G = 8, V = 9, W = 10;

    /// <summary>The unit of each class, as instruction bytes.</summary>
    public static byte[] Unit(CostClass costClass) => costClass switch
    {
        CostClass.Structure => [(byte)Opcode.Nop],
        CostClass.Constant => [(byte)Opcode.I32Const, 7, (byte)Opcode.LocalSet, C],
        CostClass.Local => [(byte)Opcode.LocalGet, A, (byte)Opcode.LocalSet, C],
        CostClass.Global => [(byte)Opcode.GlobalGet, 0, (byte)Opcode.GlobalSet, 0],
        CostClass.IntegerAlu => [(byte)Opcode.LocalGet, C, (byte)Opcode.LocalGet, B, (byte)Opcode.I32Add, (byte)Opcode.LocalSet, C],
        CostClass.IntegerMultiply => [(byte)Opcode.LocalGet, X, (byte)Opcode.LocalGet, Y, (byte)Opcode.I64Mul, (byte)Opcode.LocalSet, X],
        CostClass.IntegerDivide => [(byte)Opcode.LocalGet, X, (byte)Opcode.LocalGet, Y, (byte)Opcode.I64DivU, (byte)Opcode.LocalSet, Z],
        CostClass.Float => [(byte)Opcode.LocalGet, F, (byte)Opcode.LocalGet, G, (byte)Opcode.F64Mul, (byte)Opcode.LocalSet, F],
        CostClass.Conversion => [(byte)Opcode.LocalGet, F, (byte)Opcode.PrefixFC, (byte)OpcodeFC.I64TruncSatF64S, (byte)Opcode.LocalSet, Z],
        CostClass.Load => [(byte)Opcode.LocalGet, A, (byte)Opcode.I32Load, 2, 0, (byte)Opcode.LocalSet, C],
        CostClass.Store => [(byte)Opcode.LocalGet, A, (byte)Opcode.LocalGet, B, (byte)Opcode.I32Store, 2, 0],
        CostClass.Select => [(byte)Opcode.LocalGet, A, (byte)Opcode.LocalGet, B, (byte)Opcode.LocalGet, C, (byte)Opcode.Select, (byte)Opcode.LocalSet, C],
        CostClass.Branch => [(byte)Opcode.Block, 0x40, (byte)Opcode.LocalGet, A, (byte)Opcode.BrIf, 0, (byte)Opcode.End],
        CostClass.BranchTable => [(byte)Opcode.Block, 0x40, (byte)Opcode.Block, 0x40, (byte)Opcode.LocalGet, B, (byte)Opcode.BrTable, 3, 0, 1, 0, 1, (byte)Opcode.End, (byte)Opcode.End],
        CostClass.Call => [(byte)Opcode.Call, 0],
        CostClass.CallIndirect => [(byte)Opcode.I32Const, 0, (byte)Opcode.CallIndirect, 0, 0],
        CostClass.Reference => [(byte)Opcode.RefFunc, 0, (byte)Opcode.RefIsNull, (byte)Opcode.LocalSet, C],
        CostClass.TableAccess => [(byte)Opcode.I32Const, 0, (byte)Opcode.TableGet, 0, (byte)Opcode.Drop],
        CostClass.MemorySize => [(byte)Opcode.MemorySize, 0, (byte)Opcode.LocalSet, C],
        CostClass.MemoryGrow => [(byte)Opcode.I32Const, 0, (byte)Opcode.MemoryGrow, 0, (byte)Opcode.LocalSet, C],
        CostClass.Bulk => [(byte)Opcode.I32Const, 0, (byte)Opcode.I32Const, 0x80, 0x02, (byte)Opcode.I32Const, 16, (byte)Opcode.PrefixFC, (byte)OpcodeFC.MemoryCopy, 0, 0],
        CostClass.SimdInteger => [.. Get(V), .. Get(W), .. Simd("i32x4.add"), .. Set(V)],
        CostClass.SimdMultiply => [.. Get(V), .. Get(W), .. Simd("i32x4.mul"), .. Set(V)],
        CostClass.SimdFloat => [.. Get(V), .. Get(W), .. Simd("f32x4.mul"), .. Set(V)],
        CostClass.SimdDivide => [.. Get(V), .. Get(W), .. Simd("f32x4.div"), .. Set(V)],
        CostClass.SimdConversion => [.. Get(V), .. Simd("i32x4.trunc_sat_f32x4_s"), .. Set(W)],
        CostClass.SimdLane => [.. Get(V), .. Simd("i32x4.extract_lane"), 1, .. Set(C)],
        CostClass.SimdShuffle => [.. Get(V), .. Get(W), .. Simd("i8x16.shuffle"), 3, 18, 1, 0, 7, 22, 5, 4, 11, 26, 9, 8, 15, 30, 13, 12, .. Set(V)],
        CostClass.SimdLoad => [.. Get(A), .. Simd("v128.load"), 4, 0, .. Set(V)],
        CostClass.SimdStore => [.. Get(A), .. Get(V), .. Simd("v128.store"), 4, 0],
        _ => throw new ArgumentOutOfRangeException(nameof(costClass)),
    };

    private static byte[] Get(byte local) => [(byte)Opcode.LocalGet, local];

    private static byte[] Set(byte local) => [(byte)Opcode.LocalSet, local];

    /// <summary>A SIMD instruction's opcode bytes, from the instruction table.</summary>
    private static byte[] Simd(string mnemonic) => InstructionSet.Find(mnemonic)!.Encoding();

    /// <summary>The micro-module for <paramref name="unit"/> (null: the baseline, the loop alone).</summary>
    public static byte[] Build(byte[]? unit)
    {
        var run = new WasmWriter(512);
        // Locals: a = 64 (an address), b = 3, c = 0; x = 123456789, y = 7; f = 1.5, g = 1.0000001.
        SetI32(run, A, 64);
        SetI32(run, B, 3);
        run.WriteByte((byte)Opcode.I64Const); run.WriteVarInt64(123_456_789); run.WriteByte((byte)Opcode.LocalSet); run.WriteByte(X);
        run.WriteByte((byte)Opcode.I64Const); run.WriteVarInt64(7); run.WriteByte((byte)Opcode.LocalSet); run.WriteByte(Y);
        run.WriteByte((byte)Opcode.F64Const); run.WriteFloat64Bits(BitConverter.DoubleToUInt64Bits(1.5)); run.WriteByte((byte)Opcode.LocalSet); run.WriteByte(F);
        run.WriteByte((byte)Opcode.F64Const); run.WriteFloat64Bits(BitConverter.DoubleToUInt64Bits(1.0000001)); run.WriteByte((byte)Opcode.LocalSet); run.WriteByte(G);
        // v = (1.5f, 2.5f, -3.25f, 1e6f), w = (1.0000001f, 3, 0.5f, -2) as f32 lanes: finite, no NaN on any path.
        WriteV128(run, V, [1.5f, 2.5f, -3.25f, 1e6f]);
        WriteV128(run, W, [1.0000001f, 3f, 0.5f, -2f]);
        run.WriteByte((byte)Opcode.Loop); run.WriteByte(0x40);
        if (unit is not null)
            for (int i = 0; i < UnitsPerIteration; i++) run.WriteBytes(unit);
        // n -= 1; br_if loop
        run.WriteBytes([(byte)Opcode.LocalGet, 0, (byte)Opcode.I32Const, 1, (byte)Opcode.I32Sub, (byte)Opcode.LocalTee, 0, (byte)Opcode.BrIf, 0, (byte)Opcode.End]);
        run.WriteByte((byte)Opcode.End);

        var module = new ModuleInfo
        {
            Bytes = [],
            Types = [FunctionType.Empty, new FunctionType([ValueType.I32], [])],
            FunctionTypeIndices = [0, 1],
            Tables = [new TableType(ValueType.FuncRef, new Limits(1, 1))],
            Memories = [new MemoryType(new Limits(1, 1))],
            Globals = [new GlobalDefinition(new GlobalType(ValueType.I32, true), ConstantExpression.I32(0))],
            Exports = [new Export("run", ExternalKind.Function, 1)],
            Elements = [new ElementSegment(SegmentMode.Active, ValueType.FuncRef, [ConstantExpression.RefFunc(0)]) { Offset = ConstantExpression.I32(0) }],
        };
        EncodedFunctionBody[] bodies =
        [
            new([], new byte[] { (byte)Opcode.End }),
            new([new LocalGroup(3, ValueType.I32), new LocalGroup(3, ValueType.I64), new LocalGroup(2, ValueType.F64), new LocalGroup(2, ValueType.V128)], run.ToArray()),
        ];
        return ModuleEncoder.Encode(module, bodies);
    }

    private static void WriteV128(WasmWriter w, byte local, float[] lanes)
    {
        w.WriteBytes(Simd("v128.const"));
        Span<byte> lane = stackalloc byte[4];
        foreach (float value in lanes)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(lane, value);
            w.WriteBytes(lane);
        }
        w.WriteByte((byte)Opcode.LocalSet);
        w.WriteByte(local);
    }

    private static void SetI32(WasmWriter w, byte local, int value)
    {
        w.WriteByte((byte)Opcode.I32Const);
        w.WriteVarInt32(value);
        w.WriteByte((byte)Opcode.LocalSet);
        w.WriteByte(local);
    }
}
