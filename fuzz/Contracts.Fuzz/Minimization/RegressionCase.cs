using System.Globalization;
using System.Text;
using Contracts.Fuzz.Generation;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Fuzz.Minimization;

/// <summary>
/// A committed regression: a module file and a calls file (one call per line: export name, then typed arguments
/// <c>i32:-5 i64:7 f32:0x7fc00000 f64:0x3ff0000000000000
/// v128:0x000000000000000000000000ffffffff</c>, a v128 as one 128-bit hexadecimal number, lane 0 in the low bits; lines starting with # are comments).
/// </summary>
public sealed record RegressionCase(string Name, byte[] Wasm, List<Invocation> Calls)
{
    public static RegressionCase Load(string wasmPath)
    {
        var callsPath = Path.ChangeExtension(wasmPath, ".calls");
        return new RegressionCase(Path.GetFileNameWithoutExtension(wasmPath), File.ReadAllBytes(wasmPath), ParseCalls(File.ReadAllLines(callsPath)));
    }

    public static List<Invocation> ParseCalls(IEnumerable<string> lines)
    {
        var calls = new List<Invocation>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var types = new ValueType[parts.Length - 1];
            var bits = new UInt128[parts.Length - 1];
            for (int i = 1; i < parts.Length; i++)
            {
                var (type, text) = (parts[i][..3], parts[i][4..]);
                (types[i - 1], bits[i - 1]) = type switch
                {
                    "i32" => (ValueType.I32, (ulong)(uint)int.Parse(text, CultureInfo.InvariantCulture)),
                    "i64" => (ValueType.I64, (ulong)long.Parse(text, CultureInfo.InvariantCulture)),
                    "f32" => (ValueType.F32, (ulong)uint.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                    "f64" => (ValueType.F64, ulong.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                    "v12" when parts[i].StartsWith("v128:", StringComparison.Ordinal) =>
                        (ValueType.V128, UInt128.Parse(parts[i][7..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                    _ => throw new FormatException($"unknown argument type in \"{parts[i]}\""),
                };
            }
            calls.Add(new Invocation(parts[0], types, bits));
        }
        return calls;
    }

    /// <summary>The gas per call a metered regression ran with (a "# gas N" line), or the oracle's default.</summary>
    public static long GasLimit(IEnumerable<string> lines)
    {
        foreach (var line in lines)
            if (line.StartsWith("# gas ", StringComparison.Ordinal)) return long.Parse(line[6..], CultureInfo.InvariantCulture);
        return Oracle.RunSettings.Default.IntrinsicFuelPerCall;
    }

    public static string FormatCall(Invocation call)
    {
        var text = new StringBuilder(call.Export);
        for (int i = 0; i < call.Arguments.Length; i++)
        {
            UInt128 value = call.Arguments[i];
            ulong bits = (ulong)value;
            text.Append(' ').Append(call.ParameterTypes[i] switch
            {
                ValueType.I32 => $"i32:{(int)(uint)bits}",
                ValueType.I64 => $"i64:{(long)bits}",
                ValueType.F32 => $"f32:0x{(uint)bits:x8}",
                ValueType.V128 => $"v128:0x{value:x32}",
                _ => $"f64:0x{bits:x16}",
            });
        }
        return text.ToString();
    }
}
