using System.Text.RegularExpressions;

namespace Contracts.Samples.Tests;

/// <summary>
/// Both SDKs declare exactly the host ABI's import list (node-adapter/docs/host-abi.md): a function added to the host
/// ABI must reach the Rust crate and the C header in the same change.
/// </summary>
public sealed partial class SdkImportListTests
{
    /// <summary>The rows "| `name` | `[params] -> [results]` |" of the document's "Import list" section.</summary>
    private static SortedSet<string> DocumentedImports()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "node-adapter", "docs", "host-abi.md"));
        int start = document.IndexOf("## Import list", StringComparison.Ordinal);
        int end = document.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "host-abi.md has no '## Import list' section");
        return new(ImportRow().Matches(document[start..end]).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
    }

    [Fact]
    public void The_rust_crate_declares_every_documented_import()
    {
        var sys = File.ReadAllText(Path.Combine(RepositoryPaths.Sdk, "rust", "contracts-sdk", "src", "sys.rs"));
        var declared = new SortedSet<string>(RustImport().Matches(sys).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        Assert.True(DocumentedImports().Count >= 40, $"only {DocumentedImports().Count} imports found in host-abi.md");
        Assert.Equal(DocumentedImports(), declared);
    }

    [Fact]
    public void The_c_header_declares_every_documented_import()
    {
        var header = File.ReadAllText(Path.Combine(RepositoryPaths.Sdk, "c", "contracts.h"));
        var declared = new SortedSet<string>(CImport().Matches(header).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        Assert.Equal(DocumentedImports(), declared);
    }

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \| `\[", RegexOptions.Multiline)]
    private static partial Regex ImportRow();

    [GeneratedRegex(@"^\s*pub fn ([a-z0-9_]+)\(", RegexOptions.Multiline)]
    private static partial Regex RustImport();

    [GeneratedRegex(@"CX_IMPORT\(""([a-z0-9_]+)""\)\s+\S")]
    private static partial Regex CImport();
}
