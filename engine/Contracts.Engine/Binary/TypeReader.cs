using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Contracts.Engine.Loading;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Binary;

/// <summary>Reads the type encodings shared by several sections: value and reference types, limits, function,
/// table, memory and global types, and vector counts.</summary>
internal static class TypeReader
{
    private const byte FunctionTypeForm = 0x60;

    /// <summary>
    /// Reads a vector count and checks it is plausible before anyone allocates from it: every entry takes at least
    /// one byte, so a count above the bytes left before <paramref name="end"/> cannot be honest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadCount(ref WasmReader reader, int end)
    {
        int offset = reader.Offset;
        uint count = reader.ReadVarUInt32();
        if (count > (uint)Math.Max(0, end - reader.Position)) ThrowCountTooLarge(offset, count, end - reader.Position);
        return count;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCountTooLarge(int offset, uint count, int remaining) =>
        DecodeErrors.Malformed(WasmErrorKind.UnexpectedEndOfSection, offset,
            $"unexpected end of section or function: {count} entries cannot fit in the {Math.Max(0, remaining)} remaining bytes");

    public static ValueType ReadValueType(ref WasmReader reader)
    {
        int offset = reader.Offset;
        byte b = reader.ReadByte();
        switch (b)
        {
            case (byte)ValueType.I32:
            case (byte)ValueType.I64:
            case (byte)ValueType.F32:
            case (byte)ValueType.F64:
            case (byte)ValueType.FuncRef:
            case (byte)ValueType.ExternRef:
            case (byte)ValueType.V128:
                return (ValueType)b;
            default:
                ThrowMalformedType(offset, b, WasmErrorKind.MalformedValueType, "malformed value type");
                return default;
        }
    }

    public static ValueType ReadReferenceType(ref WasmReader reader)
    {
        int offset = reader.Offset;
        byte b = reader.ReadByte();
        if (b is (byte)ValueType.FuncRef or (byte)ValueType.ExternRef) return (ValueType)b;
        ThrowMalformedType(offset, b, WasmErrorKind.MalformedReferenceType, "malformed reference type");
        return default;
    }

    /// <summary>
    /// Types are single bytes that the reference interpreter reads as signed 7-bit LEB128: a byte with the
    /// continuation bit set is reported as an over-long integer, as the spec testsuite expects.
    /// </summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowMalformedType(int offset, byte b, WasmErrorKind kind, string message)
    {
        if (b >= 0x80) DecodeErrors.Malformed(kind, offset, $"integer representation too long: {message} 0x{b:x2}");
        DecodeErrors.Malformed(kind, offset, $"{message} 0x{b:x2}");
    }

    public static FunctionType ReadFunctionType(ref WasmReader reader, int end)
    {
        int offset = reader.Offset;
        byte form = reader.ReadByte();
        if (form != FunctionTypeForm) ThrowMalformedType(offset, form, WasmErrorKind.MalformedFunctionType, "malformed function type");
        var parameters = ReadValueTypes(ref reader, end);
        var results = ReadValueTypes(ref reader, end);
        return parameters.Length == 0 && results.Length == 0 ? FunctionType.Empty : new FunctionType(parameters, results);
    }

    private static ValueType[] ReadValueTypes(ref WasmReader reader, int end)
    {
        uint count = ReadCount(ref reader, end);
        if (count == 0) return [];
        var types = new ValueType[count];
        for (int i = 0; i < types.Length; i++) types[i] = ReadValueType(ref reader);
        return types;
    }

    public static Limits ReadLimits(ref WasmReader reader)
    {
        int offset = reader.Offset;
        byte flag = reader.ReadByte();
        switch (flag)
        {
            case 0x00:
                return new Limits(reader.ReadVarUInt32(), null);
            case 0x01:
                uint min = reader.ReadVarUInt32();
                uint max = reader.ReadVarUInt32();
                return new Limits(min, max);
            default:
                // The flag is a one-bit LEB128 in the reference interpreter: mirror its two error messages.
                if ((flag & 0x7F) > 1)
                    DecodeErrors.Malformed(WasmErrorKind.MalformedLimits, offset, $"integer too large: limits flag 0x{flag:x2} (must be 0 or 1)");
                DecodeErrors.Malformed(WasmErrorKind.MalformedLimits, offset, $"integer representation too long: limits flag 0x{flag:x2} (must be 0 or 1)");
                return default;
        }
    }

    public static TableType ReadTableType(ref WasmReader reader)
    {
        var elementType = ReadReferenceType(ref reader);
        return new TableType(elementType, ReadLimits(ref reader));
    }

    public static MemoryType ReadMemoryType(ref WasmReader reader) => new(ReadLimits(ref reader));

    public static GlobalType ReadGlobalType(ref WasmReader reader)
    {
        var valueType = ReadValueType(ref reader);
        int offset = reader.Offset;
        byte mutability = reader.ReadByte();
        if (mutability > 1) DecodeErrors.Malformed(WasmErrorKind.MalformedMutability, offset, $"malformed mutability 0x{mutability:x2}");
        return new GlobalType(valueType, mutability == 1);
    }
}
