using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Contracts.Cli.Client;

/// <summary>How the client commands print: indented JSON for <c>--json</c>, aligned fields and tables otherwise.</summary>
internal static class ClientOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteJson(TextWriter output, JsonNode? node) => output.WriteLine(node?.ToJsonString(Indented) ?? "null");

    public static void WriteJson(TextWriter output, JsonElement element) => WriteJson(output, JsonNode.Parse(element.GetRawText()));

    /// <summary>A grid of "name  value" rows; rows with a null value are left out.</summary>
    public static void WriteFields(IAnsiConsole console, IEnumerable<(string Name, string? Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().PadRight(3).NoWrap()).AddColumn();
        foreach (var (name, value) in fields)
            if (value is not null) grid.AddRow(new Text(name), new Text(value));
        console.Write(grid);
    }

    public static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers) table.AddColumn(new TableColumn(new Text(header)));
        return table;
    }

    /// <summary>Wei as ether with every significant digit and no trailing zeros: 1500000000000000000 → "1.5".</summary>
    public static string Ether(BigInteger wei)
    {
        var whole = BigInteger.DivRem(wei, BigInteger.Pow(10, 18), out var fraction);
        var fractionDigits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0');
        return fractionDigits.Length == 0 ? whole.ToString(CultureInfo.InvariantCulture) : $"{whole}.{fractionDigits}";
    }

    /// <summary>"N wei (E ETH)".</summary>
    public static string WeiWithEther(BigInteger wei) => $"{wei} wei ({Ether(wei)} ETH)";

    /// <summary>Data shown in a table: the whole hex up to a point, then its head and its length.</summary>
    public static string ShortData(string? hex, int maxBytes = 64)
    {
        if (hex is null || hex.Length <= 2 + 2 * maxBytes) return hex ?? "";
        return $"{hex[..(2 + 2 * maxBytes)]}… ({(hex.Length - 2) / 2} bytes)";
    }

    /// <summary>A JSON string property, or null when it is absent or JSON null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A hex-quantity property shown in decimal, or null when it is absent.</summary>
    public static string? Decimal(JsonElement element, string name) =>
        Text(element, name) is { } hex ? RpcHex.ParseQuantity(hex, name).ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>A Unix timestamp property as "N (ISO 8601 UTC)".</summary>
    public static string? Timestamp(JsonElement element, string name)
    {
        if (Text(element, name) is not { } hex) return null;
        var seconds = RpcHex.ParseQuantity(hex, name);
        return seconds <= 253402300799
            ? $"{seconds} ({DateTimeOffset.FromUnixTimeSeconds((long)seconds).UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)"
            : seconds.ToString(CultureInfo.InvariantCulture);
    }
}
