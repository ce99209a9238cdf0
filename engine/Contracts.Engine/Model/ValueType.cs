namespace Contracts.Engine.Model;

/// <summary>A WebAssembly value type, encoded as its binary type byte.</summary>
public enum ValueType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

public static class ValueTypeExtensions
{
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef;

    public static bool IsNumeric(this ValueType type) => type is ValueType.I32 or ValueType.I64 or ValueType.F32 or ValueType.F64;

    public static string ToWatName(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        _ => $"0x{(byte)type:x2}",
    };
}
