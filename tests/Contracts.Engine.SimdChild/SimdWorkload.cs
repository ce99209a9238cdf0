using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Contracts.Engine.Binary;
using Contracts.Engine.Binary.Writing;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.SimdChild;

/// <summary>
/// Every SIMD instruction that computes (all but the memory accesses) applied to edge-case operands through the
/// engine's public API, its results folded into a SHA-256. The same digest in a process with hardware intrinsics and
/// in one without (<c>DOTNET_EnableHWIntrinsic=0</c>) shows the Vector128 path and .NET's software fallback agree bit
/// for bit, NaN payloads included.
/// </summary>
public static class SimdWorkload
{
    public readonly record struct Digest(int Instructions, long Calls, string Sha256);

    /// <summary>Operand tuples tried per instruction (cycling through the pools, so every pool value is used).</summary>
    private const int CallsPerInstruction = 400;

    /// <summary>A shuffle mask mixing both operands, out of order.</summary>
    private static readonly byte[] ShuffleMask = [31, 0, 17, 2, 19, 4, 5, 22, 8, 25, 10, 27, 12, 13, 30, 15];

    public static Digest Run()
    {
        var rows = Computing();
        var engine = new Engine(EngineConfig.Default);
        var instance = new Linker().Instantiate(new Store(engine), Module.Compile(engine, BuildModule(rows)));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[16];
        long calls = 0;
        for (int f = 0; f < rows.Count; f++)
        {
            var row = rows[f];
            var function = instance.GetFunction("f" + f)!;
            var arguments = new Value[row.Operands.Length];
            var results = new Value[1];
            for (int call = 0; call < CallsPerInstruction; call++)
            {
                // Operand i takes pool element (call / stride^i) mod size: all pairs of the first two for binary ops.
                int index = call;
                for (int i = 0; i < arguments.Length; i++)
                {
                    var pool = Pool(row.Operands[i]);
                    arguments[i] = pool[index % pool.Length];
                    index = index / pool.Length + i * 7 + 1;
                }
                var trap = function.Invoke(arguments, results);
                calls++;
                BinaryPrimitives.WriteInt32LittleEndian(bytes, f);
                BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], call);
                hash.AppendData(bytes[..8]);
                if (trap is not null)
                {
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes(trap.Kind.ToString()));
                    continue;
                }
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, results[0].Bits);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], results[0].HighBits);
                hash.AppendData(bytes);
            }
        }
        return new Digest(rows.Count, calls, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The SIMD rows with a fixed signature, one result and no memory access.</summary>
    public static List<InstructionInfo> Computing()
    {
        var rows = new List<InstructionInfo>();
        foreach (var row in InstructionSet.All)
        {
            if (row.Prefix != 0xFD || !row.HasFixedSignature || row.Results.Length != 1) continue;
            if (row.Immediates is not (ImmediateKind.None or ImmediateKind.Lane or ImmediateKind.LaneIndices or ImmediateKind.V128)) continue;
            rows.Add(row);
        }
        return rows;
    }

    private static byte[] BuildModule(List<InstructionInfo> rows)
    {
        var types = new List<FunctionType>();
        var typeIndices = new uint[rows.Count];
        var bodies = new EncodedFunctionBody[rows.Count];
        var exports = new Export[rows.Count];
        for (int f = 0; f < rows.Count; f++)
        {
            var row = rows[f];
            var type = new FunctionType(row.Operands.ToArray(), row.Results.ToArray());
            int t = types.IndexOf(type);
            if (t < 0)
            {
                t = types.Count;
                types.Add(type);
            }
            typeIndices[f] = (uint)t;
            var code = new WasmWriter(64);
            for (uint i = 0; i < row.Operands.Length; i++)
            {
                code.WriteByte((byte)Opcode.LocalGet);
                code.WriteVarUInt32(i);
            }
            code.WriteBytes(row.Encoding());
            switch (row.Immediates)
            {
                case ImmediateKind.Lane: code.WriteByte(1); break; // every shape has at least two lanes
                case ImmediateKind.LaneIndices: code.WriteBytes(ShuffleMask); break;
                case ImmediateKind.V128:
                {
                    var constant = new byte[16];
                    V128Pool[5].AsV128().CopyTo(constant);
                    code.WriteBytes(constant);
                    break;
                }
            }
            code.WriteByte((byte)Opcode.End);
            bodies[f] = new EncodedFunctionBody([], code.ToArray());
            exports[f] = new Export("f" + f, ExternalKind.Function, (uint)f);
        }
        var module = new ModuleInfo
        {
            Bytes = [],
            Types = types.ToArray(),
            FunctionTypeIndices = typeIndices,
            Exports = exports,
        };
        return ModuleEncoder.Encode(module, bodies);
    }

    private static Value[] Pool(ValueType type) => type switch
    {
        ValueType.V128 => V128Pool,
        ValueType.I32 => I32Pool,
        ValueType.I64 => I64Pool,
        ValueType.F32 => F32Pool,
        ValueType.F64 => F64Pool,
        _ => throw new InvalidOperationException($"no operand pool for {type}"),
    };

    private static readonly uint[] F32Bits =
    [
        0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3FC00000, 0x7FC00000, 0xFFC00000, 0x7FA00001, 0xFF800001,
        0x7F800000, 0xFF800000, 0x00000001, 0x807FFFFF, 0x7F7FFFFF, 0x4F000000, 0xCF000000, 0x4F800000, 0x3F000000,
        0x40490FDB, 0xC0400000, 0x4B000001, 0x3EFFFFFF,
    ];

    private static readonly ulong[] F64Bits =
    [
        0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x7FF8000000000000,
        0xFFF8000000000000, 0x7FF4000000000001, 0xFFF0000000000001, 0x7FF0000000000000, 0xFFF0000000000000,
        0x0000000000000001, 0x800FFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF, 0x41E0000000000000, 0xC1E0000000200000,
        0x41EFFFFFFFE00000, 0x3FE0000000000000, 0x4330000000000001, 0x400921FB54442D18, 0xC3E0000000000000,
    ];

    private static readonly ulong[] IntegerBits =
    [
        0, 1, ulong.MaxValue, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0x0000000080000000, 0x000000007FFFFFFF,
        0x8080808080808080, 0x7F7F7F7F7F7F7F7F, 0x0001FFFF80007FFF, 0x00FF00FF00FF00FF, 0x123456789ABCDEF0,
        0xFEDCBA9876543210, 0x8000800080008000, 0x7FFF7FFF7FFF7FFF, 0x0000FFFF00010000,
    ];

    /// <summary>v128 values: f32 lanes, f64 lanes and integer patterns from the pools above, mixed.</summary>
    private static readonly Value[] V128Pool = BuildV128Pool();

    private static readonly Value[] I32Pool = [.. new[] { 0, 1, 7, 15, 16, 31, 32, 33, 63, 64, 65, -1, int.MinValue, int.MaxValue, 0x80, 0x8000 }.Select(Value.I32)];

    private static readonly Value[] I64Pool = [.. IntegerBits.Select(bits => Value.I64((long)bits))];

    private static readonly Value[] F32Pool = [.. F32Bits.Select(Value.F32FromBits)];

    private static readonly Value[] F64Pool = [.. F64Bits.Select(Value.F64FromBits)];

    private static Value[] BuildV128Pool()
    {
        var pool = new List<Value>();
        for (int i = 0; i < F32Bits.Length; i += 2)
        {
            ulong low = F32Bits[i] | (ulong)F32Bits[(i + 1) % F32Bits.Length] << 32;
            ulong high = F32Bits[(i + 5) % F32Bits.Length] | (ulong)F32Bits[(i + 9) % F32Bits.Length] << 32;
            pool.Add(Value.V128(low, high));
        }
        for (int i = 0; i < F64Bits.Length; i += 2) pool.Add(Value.V128(F64Bits[i], F64Bits[(i + 7) % F64Bits.Length]));
        for (int i = 0; i < IntegerBits.Length; i++) pool.Add(Value.V128(IntegerBits[i], IntegerBits[(i + 3) % IntegerBits.Length]));
        return pool.ToArray();
    }
}
