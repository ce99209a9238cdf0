namespace Contracts.State.Tests.Support;

/// <summary>Finds the read-only shared/ folder that lies beside the repository (as in CI and in every worktree).</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Contracts.sln")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is null)
        {
            throw new InvalidOperationException($"No Contracts.sln above {AppContext.BaseDirectory}.");
        }

        var path = System.IO.Path.Combine([directory.Parent.FullName, "shared", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"Shared test data is missing: {path} (shared/ must sit beside the repository).");
        }

        return path;
    }
}
