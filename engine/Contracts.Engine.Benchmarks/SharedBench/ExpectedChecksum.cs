using System.Globalization;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>One line of ../shared/bench/checksums.txt: <c>module result-type checksum</c>.</summary>
public sealed record ExpectedChecksum(string Module, string ResultType, long Value)
{
    /// <summary>Reads checksums.txt in file order; '#' starts a comment line.</summary>
    public static IReadOnlyList<ExpectedChecksum> Read(string path)
    {
        var checksums = new List<ExpectedChecksum>();
        foreach (var line in File.ReadLines(path))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || (fields[1] != "i32" && fields[1] != "i64")
                || !long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                throw new FormatException($"{path}: cannot read line '{line}'");
            }
            var module = Path.GetFileNameWithoutExtension(fields[0]);
            checksums.Add(new ExpectedChecksum(module, fields[1], value));
        }
        return checksums;
    }
}
