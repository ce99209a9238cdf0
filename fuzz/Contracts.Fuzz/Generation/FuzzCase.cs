using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Generation;

/// <summary>One call the oracle makes: an exported function and its arguments as raw bits (narrower types in the low bits; v128 lanes little-endian).</summary>
public sealed record Invocation(string Export, ValueType[] ParameterTypes, UInt128[] Arguments)
{
    public override string ToString() =>
        $"{Export}({string.Join(", ", ParameterTypes.Select((t, i) => ValueText.Format(t, Arguments[i])))})";
}

/// <summary>A generated module and the calls to make on it, in order, on one instance.</summary>
public sealed class FuzzCase
{
    public required ulong Seed { get; init; }
    public required ModuleShape Module { get; init; }
    public required List<Invocation> Invocations { get; init; }

    public byte[] Encode() => Module.Encode();
}

/// <summary>Text for raw-bit values, exact for floats (bits shown) so reports reproduce.</summary>
public static class ValueText
{
    public static string Format(ValueType type, UInt128 value)
    {
        ulong bits = (ulong)value;
        return type switch
    {
        ValueType.I32 => $"i32:{(int)(uint)bits}",
        ValueType.I64 => $"i64:{(long)bits}",
        ValueType.F32 => $"f32:0x{(uint)bits:x8}({BitConverter.UInt32BitsToSingle((uint)bits).ToString("R", System.Globalization.CultureInfo.InvariantCulture)})",
        ValueType.F64 => $"f64:0x{bits:x16}({BitConverter.UInt64BitsToDouble(bits).ToString("R", System.Globalization.CultureInfo.InvariantCulture)})",
        ValueType.FuncRef => bits == 0 ? "funcref:null" : "funcref:non-null",
        ValueType.ExternRef => bits == 0 ? "externref:null" : "externref:non-null",
        ValueType.V128 => $"v128:0x{value:x32}",
        _ => $"{type}:{bits:x}",
    };
    }
}
