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
    /// <summary>Where the sign, exponent and mantissa of an IEEE-754 binary format sit in its bits.</summary>
    private sealed record FloatLayout(string Name, ulong SignBit, ulong ExponentMask, ulong MantissaMask)
    {
        /// <summary>The payload of the canonical NaN: only the quiet bit, the mantissa's top bit.</summary>
        public ulong CanonicalPayload => (MantissaMask + 1) >> 1;
    }

    private static readonly FloatLayout F32 = new("f32", 0x8000_0000, 0x7F80_0000, 0x007F_FFFF);
    private static readonly FloatLayout F64 = new("f64", 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0x000F_FFFF_FFFF_FFFF);

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

    public static string FormatF32(uint bits) =>
        FormatNonFinite(bits, F32) ?? BitConverter.UInt32BitsToSingle(bits).ToString("R", CultureInfo.InvariantCulture);

    public static string FormatF64(ulong bits) =>
        FormatNonFinite(bits, F64) ?? BitConverter.UInt64BitsToDouble(bits).ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>inf</c>, <c>nan</c> or <c>nan:0x…</c> with their sign; null for a finite number.</summary>
    private static string? FormatNonFinite(ulong bits, FloatLayout layout)
    {
        if ((bits & layout.ExponentMask) != layout.ExponentMask) return null;
        string sign = (bits & layout.SignBit) != 0 ? "-" : "";
        ulong payload = bits & layout.MantissaMask;
        if (payload == 0) return sign + "inf";
        return sign + (payload == layout.CanonicalPayload ? "nan" : $"nan:0x{payload:x}");
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
        bool parsed = TryParseFloat(text, F32, out ulong wide, out error);
        bits = (uint)wide;
        return parsed;
    }

    internal static bool TryParseF64(string text, out ulong bits, out string error) => TryParseFloat(text, F64, out bits, out error);

    /// <summary>Decimal (rounded to nearest by .NET's IEEE-correct parser), <c>inf</c>, <c>nan</c> or <c>nan:0x…</c>.</summary>
    private static bool TryParseFloat(string text, FloatLayout layout, out ulong bits, out string error)
    {
        bits = 0;
        error = "";
        if (TrySplitSpecial(text, out bool negative, out var special))
        {
            ulong sign = negative ? layout.SignBit : 0;
            ulong payload;
            if (special.SequenceEqual("inf")) payload = 0;
            else if (special.SequenceEqual("nan")) payload = layout.CanonicalPayload;
            else if (!TryParsePayload(special, layout.MantissaMask, out payload))
            {
                error = $"'{text}': a NaN payload must be nan:0x1 .. nan:0x{layout.MantissaMask:x}";
                return false;
            }
            bits = sign | layout.ExponentMask | payload;
            return true;
        }

        bool infinite;
        bool parsed;
        if (layout == F32)
        {
            parsed = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float single);
            bits = BitConverter.SingleToUInt32Bits(single);
            infinite = float.IsInfinity(single);
        }
        else
        {
            parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number);
            bits = BitConverter.DoubleToUInt64Bits(number);
            infinite = double.IsInfinity(number);
        }
        if (!IsDecimalFloat(text) || !parsed)
        {
            bits = 0;
            error = $"expected a decimal number, inf, -inf, nan or nan:0x…, got '{text}'";
            return false;
        }
        if (infinite)
        {
            bits = 0;
            error = $"'{text}' is out of range for {layout.Name}";
            return false;
        }
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
