using System.Globalization;
using System.Text.Json;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Engine.SpecScripts;

/// <summary>
/// Spec-script values (<c>{"type": T, "value": V}</c>, numbers as unsigned decimal bit patterns) as engine values,
/// and matching of results against expectations. Floats stay raw bits throughout so NaN payloads survive.
/// </summary>
internal static class SpecValues
{
    public static Value Parse(JsonElement element)
    {
        var type = element.GetProperty("type").GetString();
        var text = element.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return type switch
        {
            "i32" => Value.I32(unchecked((int)ParseU32(text))),
            "i64" => Value.I64(unchecked((long)ParseU64(text))),
            "f32" => Value.F32FromBits(ParseU32(text)),
            "f64" => Value.F64FromBits(ParseU64(text)),
            "funcref" when text == "null" => Value.NullRef(ValueType.FuncRef),
            "externref" when text == "null" => Value.NullRef(ValueType.ExternRef),
            // ref.extern N: the handle N is the host object, so the same N always compares equal.
            "externref" => Value.ExternRef(ParseU64(text)),
            "v128" => ParseV128(element),
            _ => throw new SpecScriptException($"unsupported argument {element.GetRawText()}"),
        };
    }

    /// <summary>Null when <paramref name="actual"/> matches the expectation, else why not.</summary>
    public static string? Mismatch(JsonElement expected, in Value actual)
    {
        var type = expected.GetProperty("type").GetString();
        var text = expected.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var expectedType = type switch
        {
            "i32" => ValueType.I32,
            "i64" => ValueType.I64,
            "f32" => ValueType.F32,
            "f64" => ValueType.F64,
            "funcref" => ValueType.FuncRef,
            "externref" => ValueType.ExternRef,
            "v128" => ValueType.V128,
            _ => throw new SpecScriptException($"unsupported expected value {expected.GetRawText()}"),
        };
        if (actual.Type != expectedType) return $"expected {Describe(expected)}, got {Describe(actual)}";
        if (expectedType == ValueType.V128) return V128Mismatch(expected, actual);

        bool matches = expectedType switch
        {
            ValueType.I32 => (uint)actual.Bits == ParseU32(text),
            ValueType.I64 => actual.Bits == ParseU64(text),
            ValueType.F32 => text switch
            {
                "nan:canonical" => ((uint)actual.Bits & 0x7FFF_FFFF) == 0x7FC0_0000,
                "nan:arithmetic" => ((uint)actual.Bits & 0x7FC0_0000) == 0x7FC0_0000,
                _ => (uint)actual.Bits == ParseU32(text),
            },
            ValueType.F64 => text switch
            {
                "nan:canonical" => (actual.Bits & 0x7FFF_FFFF_FFFF_FFFF) == 0x7FF8_0000_0000_0000,
                "nan:arithmetic" => (actual.Bits & 0x7FF8_0000_0000_0000) == 0x7FF8_0000_0000_0000,
                _ => actual.Bits == ParseU64(text),
            },
            // Without a value (or as ref.func) any non-null function is expected.
            ValueType.FuncRef => text == "null" ? actual.Reference is null : actual.Reference is not null,
            ValueType.ExternRef => text switch
            {
                "null" => actual.Bits == 0,
                null => actual.Bits != 0,
                _ => actual.Bits == ParseU64(text) + 1,
            },
            _ => false,
        };
        return matches ? null : $"expected {Describe(expected)}, got {Describe(actual)}";
    }

    /// <summary>A v128 given as lanes: <c>{"type": "v128", "lane_type": "i32", "value": ["1", "2", "3", "4"]}</c>.</summary>
    private static Value ParseV128(JsonElement element)
    {
        var lanes = element.GetProperty("value").EnumerateArray().Select(lane => lane.GetString()).ToArray();
        Span<byte> bytes = stackalloc byte[16];
        int width = 16 / lanes.Length;
        for (int i = 0; i < lanes.Length; i++)
        {
            ulong bits = ParseU64(lanes[i]);
            for (int b = 0; b < width; b++) bytes[i * width + b] = (byte)(bits >> (8 * b));
        }
        return Value.V128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]));
    }

    /// <summary>Lane by lane, with the NaN patterns of float lanes.</summary>
    private static string? V128Mismatch(JsonElement expected, in Value actual)
    {
        var laneType = expected.GetProperty("lane_type").GetString();
        var lanes = expected.GetProperty("value").EnumerateArray().Select(lane => lane.GetString()).ToArray();
        int width = 16 / lanes.Length;
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, actual.Bits);
        BitConverter.TryWriteBytes(bytes[8..], actual.HighBits);
        for (int i = 0; i < lanes.Length; i++)
        {
            ulong lane = 0;
            for (int b = 0; b < width; b++) lane |= (ulong)bytes[i * width + b] << (8 * b);
            bool matches = (laneType, lanes[i]) switch
            {
                ("f32", "nan:canonical") => ((uint)lane & 0x7FFF_FFFF) == 0x7FC0_0000,
                ("f32", "nan:arithmetic") => ((uint)lane & 0x7FC0_0000) == 0x7FC0_0000,
                ("f64", "nan:canonical") => (lane & 0x7FFF_FFFF_FFFF_FFFF) == 0x7FF8_0000_0000_0000,
                ("f64", "nan:arithmetic") => (lane & 0x7FF8_0000_0000_0000) == 0x7FF8_0000_0000_0000,
                _ => lane == ParseU64(lanes[i]),
            };
            if (!matches) return $"expected {Describe(expected)}, got {Describe(actual)} (lane {i})";
        }
        return null;
    }

    public static string Describe(JsonElement value)
    {
        if (value.GetProperty("type").GetString() == "v128" && value.TryGetProperty("value", out var laneValues) && laneValues.ValueKind == JsonValueKind.Array)
            return $"v128 {value.GetProperty("lane_type").GetString()}x[{string.Join(' ', laneValues.EnumerateArray().Select(l => l.GetString()))}]";
        var type = value.GetProperty("type").GetString();
        var text = value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (text is null) return type ?? "?";
        return type switch
        {
            "f32" when ulong.TryParse(text, CultureInfo.InvariantCulture, out var bits) => Describe(Value.F32FromBits((uint)bits)),
            "f64" when ulong.TryParse(text, CultureInfo.InvariantCulture, out var bits) => Describe(Value.F64FromBits(bits)),
            "externref" when text != "null" => $"ref.extern {text}",
            _ => $"{type} {text}",
        };
    }

    public static string Describe(in Value value) => value.Type switch
    {
        ValueType.I32 => $"i32 {(uint)value.Bits} ({(int)(uint)value.Bits})",
        ValueType.I64 => $"i64 {value.Bits} ({(long)value.Bits})",
        ValueType.F32 => $"f32 0x{(uint)value.Bits:x8} ({value.AsF32().ToString("R", CultureInfo.InvariantCulture)})",
        ValueType.F64 => $"f64 0x{value.Bits:x16} ({value.AsF64().ToString("R", CultureInfo.InvariantCulture)})",
        ValueType.FuncRef => value.Reference is null ? "funcref null" : "ref.func",
        ValueType.ExternRef => value.Bits == 0 ? "externref null" : $"ref.extern {value.Bits - 1}",
        ValueType.V128 => $"v128 0x{value.HighBits:x16}{value.Bits:x16}",
        _ => $"{value.Type.ToWatName()} 0x{value.Bits:x}",
    };

    public static string Describe(ReadOnlySpan<Value> values)
    {
        if (values.Length == 0) return "nothing";
        var parts = new string[values.Length];
        for (int i = 0; i < values.Length; i++) parts[i] = Describe(values[i]);
        return string.Join(", ", parts);
    }

    private static uint ParseU32(string? text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SpecScriptException($"bad 32-bit value \"{text}\"");

    private static ulong ParseU64(string? text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SpecScriptException($"bad 64-bit value \"{text}\"");
}
