using System.Reflection;
using System.Text.RegularExpressions;
using Contracts.Execution.Host;
using Contracts.GasMetering;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.Execution.Tests.Docs;

/// <summary>
/// node-adapter/docs/host-abi.md is the contract developer's reference and the SDK's source: its import tables must
/// list exactly the functions the host defines, with their types, and price them in gas-schedule names that exist.
/// </summary>
public sealed partial class HostAbiDocumentTests
{
    private static readonly string DocumentPath = Path.Combine(RepositoryRoot(), "node-adapter", "docs", "host-abi.md");

    private sealed record DocumentedImport(string Name, ValueType[] Parameters, ValueType[] Results, string Price);

    [GeneratedRegex(@"^\| `(?<name>[a-z0-9_]+)` \| `\[(?<params>[^\]]*)\] -> \[(?<results>[^\]]*)\]`[^|]*\| (?<price>[^|]+) \|")]
    private static partial Regex ImportRow();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]+\b")]
    private static partial Regex PriceName();

    private static List<DocumentedImport> DocumentedImports()
    {
        var lines = File.ReadAllLines(DocumentPath);
        int start = Array.FindIndex(lines, l => l.StartsWith("## Import list", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, "host-abi.md has an \"## Import list\" section followed by another section");
        var imports = new List<DocumentedImport>();
        for (int i = start; i < end; i++)
        {
            var match = ImportRow().Match(lines[i]);
            if (!match.Success) continue;
            imports.Add(new DocumentedImport(match.Groups["name"].Value, Types(match.Groups["params"].Value), Types(match.Groups["results"].Value),
                match.Groups["price"].Value));
        }
        return imports;
    }

    /// <summary>"dest: ptr, offset: i32" → [i32, i32]: pointers (ptr) and lengths (len) are i32, as the conventions say.</summary>
    private static ValueType[] Types(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(parameter => (parameter.Contains(':') ? parameter[(parameter.IndexOf(':') + 1)..].Trim() : parameter) switch
            {
                "ptr" or "len" or "i32" => ValueType.I32,
                "i64" => ValueType.I64,
                var other => throw new Xunit.Sdk.XunitException($"host-abi.md uses the unknown type \"{other}\""),
            })
            .ToArray();

    [Fact]
    public void The_import_list_names_every_host_function_with_its_type_and_nothing_else()
    {
        var documented = DocumentedImports();
        Assert.Equal(HostFunctions.All.Select(i => i.Name).Order(), documented.Select(i => i.Name).Order());
        foreach (var import in documented)
        {
            var host = HostFunctions.Find(import.Name)!;
            Assert.True(host.Type.Parameters.AsSpan().SequenceEqual(import.Parameters), $"{import.Name}: parameters {host.Type} in the host, documented otherwise");
            Assert.True(host.Type.Results.AsSpan().SequenceEqual(import.Results), $"{import.Name}: results {host.Type} in the host, documented otherwise");
        }
    }

    [Fact]
    public void Every_price_the_import_list_names_is_a_gas_schedule_price()
    {
        var prices = typeof(GasSchedule).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet();
        foreach (var import in DocumentedImports())
        {
            foreach (Match name in PriceName().Matches(import.Price))
            {
                if (name.Value is "HostLimitExceeded" or "StaticViolation") continue; // trap kinds named beside a price
                Assert.True(prices.Contains(name.Value), $"{import.Name}: the price names \"{name.Value}\", which GasSchedule does not define");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Contracts.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Contracts.sln above {AppContext.BaseDirectory}");
    }
}
