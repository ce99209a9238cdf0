namespace Contracts.Samples.Tests;

/// <summary>Finds the repository's folders from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "node-adapter", "samples");

    public static string Sdk => Path.Combine(Root, "node-adapter", "sdk");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Contracts.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"no Contracts.sln above {AppContext.BaseDirectory}");
    }
}
