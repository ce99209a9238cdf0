namespace Contracts.Engine.SpecScripts;

/// <summary>
/// Finds the project's shared material: <c>../shared</c> beside the repository root, or the spec testsuite through
/// the <c>WASM_SPEC_TESTS</c> environment variable.
/// </summary>
public static class SharedFolder
{
    /// <summary>The repository root: the nearest ancestor of the running assembly holding Contracts.sln.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Contracts.sln"))) return dir.FullName;
        }
        return null;
    }

    /// <summary>The shared folder (<c>../shared</c> from the repository root), or null when absent.</summary>
    public static string? Shared()
    {
        var root = RepositoryRoot();
        if (root is null) return null;
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }

    /// <summary>The spec testsuite folder (holding core/ and simd/), or null when absent.</summary>
    public static string? SpecTests()
    {
        var fromEnv = Environment.GetEnvironmentVariable("WASM_SPEC_TESTS");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
        var shared = Shared();
        if (shared is null) return null;
        var path = Path.Combine(shared, "spec-tests");
        return Directory.Exists(path) ? path : null;
    }

    /// <summary>True under CI (<c>CI=true</c>), where missing shared material must fail tests instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
