using System.Globalization;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Cli.Values;

/// <summary>
/// Turns command-line text into Wasm values of a given type and back. Floats travel as raw bits both ways so
/// NaN payloads and the sign of zero survive: a result printed by the CLI parses back to the same bits.
/// </summary>
public static class ValueText
{
    private const uint F32SignBit = 0x8000_0000;
    private const uint F32ExponentBits = 0x7F80_0000;
    private const uint F32MantissaMask = 0x007F_FFFF;
    private const uint F32CanonicalPayload = 0x0040_0000;
    private const ulong F64SignBit = 0x8000_0000_0000_0000;
    private const ulong F64ExponentBits = 0x7FF0_0000_0000_0000;
    private const ulong F64MantissaMask = 0x000F_FFFF_FFFF_FFFF;
    private const ulong F64CanonicalPayload = 0x0008_0000_0000_0000;

    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/>; on failure says why.</summary>
    public static bool TryParse(string text, ValueType type, out Value value, out string error)
    {
        value = default;
        error = "";
        switch (type)
        {
            case ValueType.I32:
                if (!TryParseInteger(text, 32, out ulong i32Bits, out error)) return false;
                value = Value.I32((int)(uint)i32Bits);
                return true;
            case ValueType.I64:
                if (!TryParseInteger(text, 64, out ulong i64Bits, out error)) return false;
                value = Value.I64((long)i64Bits);
                return true;
            case ValueType.F32:
                if (!TryParseF32(text, out uint f32Bits, out error)) return false;
                value = Value.F32FromBits(f32Bits);
                return true;
            case ValueType.F64:
                if (!TryParseF64(text, out ulong f64Bits, out error)) return false;
                value = Value.F64FromBits(f64Bits);
                return true;
            case ValueType.FuncRef or ValueType.ExternRef:
                if (text != "null")
                {
                    error = "only the null reference ('null') can be given on the command line";
                    return false;
                }
                value = Value.NullRef(type);
                return true;
            default:
                error = $"{type.ToWatName()} values cannot be given on the command line";
                return false;
        }
    }

    /// <summary>
    /// Formats a result: integers as signed decimal, floats as the shortest decimal that round-trips, NaN as
    /// <c>nan</c> (canonical payload) or <c>nan:0x…</c> (payload in hex) with a leading <c>-</c> when the sign
    /// bit is set, references as <c>null</c> or <c>ref</c>.
    /// </summary>
    public static string Format(Value value) => value.Type switch
    {
        ValueType.I32 => value.AsI32().ToString(CultureInfo.InvariantCulture),
        ValueType.I64 => value.AsI64().ToString(CultureInfo.InvariantCulture),
        ValueType.F32 => FormatF32((uint)value.Bits),
        ValueType.F64 => FormatF64(value.Bits),
        ValueType.FuncRef or ValueType.ExternRef => value.IsNull ? "null" : "ref",
        _ => $"{value.Type.ToWatName()}:0x{value.Bits:x}",
    };

    public static string FormatF32(uint bits)
    {
        string sign = (bits & F32SignBit) != 0 ? "-" : "";
        if ((bits & F32ExponentBits) == F32ExponentBits)
        {
            uint payload = bits & F32MantissaMask;
            if (payload == 0) return sign + "inf";
            return sign + (payload == F32CanonicalPayload ? "nan" : $"nan:0x{payload:x}");
        }
        return BitConverter.UInt32BitsToSingle(bits).ToString("R", CultureInfo.InvariantCulture);
    }

    public static string FormatF64(ulong bits)
    {
        string sign = (bits & F64SignBit) != 0 ? "-" : "";
        if ((bits & F64ExponentBits) == F64ExponentBits)
        {
            ulong payload = bits & F64MantissaMask;
            if (payload == 0) return sign + "inf";
            return sign + (payload == F64CanonicalPayload ? "nan" : $"nan:0x{payload:x}");
        }
        return BitConverter.UInt64BitsToDouble(bits).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Parses a signed or unsigned decimal, or <c>0x</c> hex (optionally signed), into the low
    /// <paramref name="width"/> bits: the accepted range is -2^(width-1) .. 2^width - 1.
    /// </summary>
    internal static bool TryParseInteger(string text, int width, out ulong bits, out string error)
    {
        bits = 0;
        error = "";
        var span = text.AsSpan();
        bool negative = false;
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        bool hex = span.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (hex) span = span[2..];
        if (span.IsEmpty || !AllDigits(span, hex))
        {
            error = $"expected a decimal or 0x-hex integer, got '{text}'";
            return false;
        }
        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (!ulong.TryParse(span, style, CultureInfo.InvariantCulture, out ulong magnitude))
        {
            error = $"'{text}' does not fit in i{width}";
            return false;
        }
        ulong unsignedMax = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong negativeMax = 1UL << (width - 1);
        if (negative ? magnitude > negativeMax : magnitude > unsignedMax)
        {
            error = $"'{text}' does not fit in i{width} (range {-(decimal)negativeMax} .. {unsignedMax})";
            return false;
        }
        bits = (negative ? 0 - magnitude : magnitude) & unsignedMax;
        return true;
    }

    internal static bool TryParseF32(string text, out uint bits, out string error)
    {
        bits = 0;
        error = "";
        if (TrySplitSpecial(text, out bool negative, out var special))
        {
            uint sign = negative ? F32SignBit : 0;
            if (special.SequenceEqual("inf"))
            {
                bits = sign | F32ExponentBits;
                return true;
            }
            if (special.SequenceEqual("nan"))
            {
                bits = sign | F32ExponentBits | F32CanonicalPayload;
                return true;
            }
            if (!TryParsePayload(special, F32MantissaMask, out ulong payload))
            {
                error = $"'{text}': a NaN payload must be nan:0x1 .. nan:0x{F32MantissaMask:x}";
                return false;
            }
            bits = sign | F32ExponentBits | (uint)payload;
            return true;
        }
        if (!IsDecimalFloat(text) || !float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed))
        {
            error = $"expected a decimal number, inf, -inf, nan or nan:0x…, got '{text}'";
            return false;
        }
        if (float.IsInfinity(parsed))
        {
            error = $"'{text}' is out of range for f32";
            return false;
        }
        bits = BitConverter.SingleToUInt32Bits(parsed);
        return true;
    }

    internal static bool TryParseF64(string text, out ulong bits, out string error)
    {
        bits = 0;
        error = "";
        if (TrySplitSpecial(text, out bool negative, out var special))
        {
            ulong sign = negative ? F64SignBit : 0;
            if (special.SequenceEqual("inf"))
            {
                bits = sign | F64ExponentBits;
                return true;
            }
            if (special.SequenceEqual("nan"))
            {
                bits = sign | F64ExponentBits | F64CanonicalPayload;
                return true;
            }
            if (!TryParsePayload(special, F64MantissaMask, out ulong payload))
            {
                error = $"'{text}': a NaN payload must be nan:0x1 .. nan:0x{F64MantissaMask:x}";
                return false;
            }
            bits = sign | F64ExponentBits | payload;
            return true;
        }
        if (!IsDecimalFloat(text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            error = $"expected a decimal number, inf, -inf, nan or nan:0x…, got '{text}'";
            return false;
        }
        if (double.IsInfinity(parsed))
        {
            error = $"'{text}' is out of range for f64";
            return false;
        }
        bits = BitConverter.DoubleToUInt64Bits(parsed);
        return true;
    }

    /// <summary>Splits <c>[+-](inf|nan|nan:0x…)</c> into its sign and the rest.</summary>
    private static bool TrySplitSpecial(string text, out bool negative, out ReadOnlySpan<char> rest)
    {
        rest = text.AsSpan();
        negative = false;
        if (rest.Length > 0 && (rest[0] == '-' || rest[0] == '+'))
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }
        return rest.SequenceEqual("inf") || rest.StartsWith("nan", StringComparison.Ordinal);
    }

    private static bool TryParsePayload(ReadOnlySpan<char> special, ulong mantissaMask, out ulong payload)
    {
        payload = 0;
        if (!special.StartsWith("nan:0x", StringComparison.Ordinal)) return false;
        var digits = special["nan:0x".Length..];
        return !digits.IsEmpty && AllDigits(digits, hex: true)
            && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out payload)
            && payload != 0 && payload <= mantissaMask;
    }

    /// <summary>Only plain decimal notation: .NET would also accept "NaN", "Infinity" and "∞", which we spell differently.</summary>
    private static bool IsDecimalFloat(string text)
    {
        bool sawDigit = false;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c)) sawDigit = true;
            else if (c is not ('+' or '-' or '.' or 'e' or 'E')) return false;
        }
        return sawDigit;
    }

    private static bool AllDigits(ReadOnlySpan<char> span, bool hex)
    {
        foreach (char c in span)
        {
            if (hex ? !char.IsAsciiHexDigit(c) : !char.IsAsciiDigit(c)) return false;
        }
        return true;
    }
}
