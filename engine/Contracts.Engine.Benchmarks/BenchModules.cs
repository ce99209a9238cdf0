using Contracts.Engine.SpecScripts;

namespace Contracts.Engine.Benchmarks;

/// <summary>Where the benchmark modules are: the shared pure-compute set (../shared/bench) and this project's own.</summary>
public static class BenchModules
{
    /// <summary>The compute modules of ../shared/bench, in a fixed order (contract.wasm is measured separately).</summary>
    public static readonly string[] ComputeNames = ["fib", "keccak", "sha256", "sort", "matmul", "nbody", "calls"];

    public const string ContractName = "contract";

    /// <summary>The shared bench folder, or an exception saying where it was looked for.</summary>
    public static string SharedFolderPath()
    {
        var shared = SharedFolder.Shared();
        var path = shared is null ? null : Path.Combine(shared, "bench");
        if (path is null || !Directory.Exists(path))
            throw new DirectoryNotFoundException("../shared/bench not found beside the repository root (" + (SharedFolder.RepositoryRoot() ?? "repository root not found") + ")");
        return path;
    }

    public static byte[] Shared(string name) => File.ReadAllBytes(Path.Combine(SharedFolderPath(), name + ".wasm"));

    /// <summary>A module of this project's Modules folder (copied next to the assembly).</summary>
    public static byte[] Local(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", name + ".wasm"));
}
