using System.Security.Cryptography;

namespace Contracts.Fuzz.Decoding;

/// <summary>
/// Builds the AFL++ seed corpus from the spec testsuite's module files (valid, invalid and malformed ones alike),
/// deduplicated by content and limited to small files, as AFL++ recommends. Generated, never committed.
/// </summary>
public static class SeedCorpus
{
    public const int MaxSeedBytes = 8 * 1024;

    public static int Write(string specTestsDirectory, string outputDirectory)
    {
        var core = Path.Combine(specTestsDirectory, "core");
        if (!Directory.Exists(core))
        {
            Console.Error.WriteLine($"no spec testsuite at {core} (pass --spec-tests DIR)");
            return 2;
        }
        Directory.CreateDirectory(outputDirectory);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int written = 0;
        foreach (var file in Directory.EnumerateFiles(core, "*.wasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length > MaxSeedBytes) continue;
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
            if (!seen.Add(hash)) continue;
            File.WriteAllBytes(Path.Combine(outputDirectory, $"{hash}.wasm"), bytes);
            written++;
        }
        Console.WriteLine($"wrote {written} seeds to {outputDirectory}");
        return 0;
    }
}
