using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Contracts.Engine.Model;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.Runtime;

/// <summary>
/// A typed WebAssembly value at the API boundary. Numbers are kept as raw bits (floats included, so NaN payloads
/// survive). A funcref holds its <see cref="Function"/> in <see cref="Reference"/> (null for ref.null); an externref
/// holds an embedder-chosen 64-bit handle: <see cref="Bits"/> is handle + 1, and 0 means null. A v128 keeps its
/// low 8 bytes (lanes in little-endian order) in <see cref="Bits"/> and its high 8 bytes in <see cref="HighBits"/>.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    public Value(ValueType type, ulong bits, Function? reference = null)
    {
        Type = type;
        Bits = bits;
        Reference = reference;
    }

    private Value(ulong low, ulong high)
    {
        Type = ValueType.V128;
        Bits = low;
        HighBits = high;
    }

    public ValueType Type { get; }
    public ulong Bits { get; }
    public Function? Reference { get; }
    /// <summary>The high 8 bytes of a v128 (zero for every other type).</summary>
    public ulong HighBits { get; }

    public static Value I32(int value) => new(ValueType.I32, (uint)value);
    public static Value I64(long value) => new(ValueType.I64, (ulong)value);
    public static Value F32(float value) => new(ValueType.F32, BitConverter.SingleToUInt32Bits(value));
    public static Value F64(double value) => new(ValueType.F64, BitConverter.DoubleToUInt64Bits(value));
    public static Value F32FromBits(uint bits) => new(ValueType.F32, bits);
    public static Value F64FromBits(ulong bits) => new(ValueType.F64, bits);
    public static Value FuncRef(Function? function) => new(ValueType.FuncRef, 0, function);
    public static Value ExternRef(ulong handle) => new(ValueType.ExternRef, checked(handle + 1));
    public static Value NullRef(ValueType type) => new(type, 0);
    public static Value V128(ulong low, ulong high) => new(low, high);
    public static Value V128(Vector128<byte> bytes) => new(bytes.AsUInt64().GetElement(0), bytes.AsUInt64().GetElement(1));

    public int AsI32() => (int)(uint)Bits;
    public long AsI64() => (long)Bits;
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)Bits);
    public double AsF64() => BitConverter.UInt64BitsToDouble(Bits);
    public Vector128<byte> AsV128() => Vector128.Create(Bits, HighBits).AsByte();
    public uint F32Bits => (uint)Bits;
    public bool IsNull => Type.IsReference() && Bits == 0 && Reference is null;
    /// <summary>The embedder handle of a non-null externref.</summary>
    public ulong ExternHandle => Bits - 1;

    /// <summary>The zero value of a type (what locals and new table slots start as).</summary>
    public static Value Default(ValueType type) => new(type, 0);

    public bool Equals(Value other) =>
        Type == other.Type && Bits == other.Bits && HighBits == other.HighBits && ReferenceEquals(Reference, other.Reference);
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Type, Bits, HighBits, Reference);

    public override string ToString() => Type switch
    {
        ValueType.I32 => AsI32().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValueType.I64 => AsI64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValueType.F32 => AsF32().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueType.F64 => AsF64().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueType.FuncRef => Reference is null ? "null" : "ref.func",
        ValueType.ExternRef => Bits == 0 ? "null" : $"ref.extern {Bits - 1}",
        ValueType.V128 => $"v128 0x{HighBits:x16}{Bits:x16}",
        _ => $"{Type}:{Bits:x}",
    };
}
