using System.Diagnostics;

namespace Contracts.Samples.Tests;

/// <summary>
/// The committed sample modules are exactly what their build scripts produce, so the tests run what a developer
/// builds. Rebuilding needs the Debian toolchain the SDK README names; without it the test is skipped and says so
/// (`node-adapter/samples/build-all.sh --check` checks every sample).
/// </summary>
public sealed class BuildReproducibilityTests
{
    private static readonly string[] RustTools = ["/usr/bin/rustc", "wasm-ld-14", "wasm-opt"];

    [SkippableFact]
    public void The_committed_counter_module_is_what_its_build_script_builds()
    {
        var missing = RustTools.Where(tool => !OnPath(tool)).ToList();
        Skip.If(missing.Count > 0, $"the Rust contract toolchain is not installed ({string.Join(", ", missing)} missing: " +
            "apt-get install rustc libstd-rust-dev-wasm32 lld-14 binaryen)");

        var output = Path.Combine(Path.GetTempPath(), $"counter-{Environment.ProcessId}-{Guid.NewGuid():N}.wasm");
        try
        {
            var (exitCode, log) = Run("bash", Path.Combine(RepositoryPaths.Samples, "counter", "build.sh"), "--out", output);
            Assert.True(exitCode == 0, $"build.sh failed ({exitCode}):\n{log}");
            var committed = File.ReadAllBytes(Path.Combine(RepositoryPaths.Samples, "counter", "counter.wasm"));
            Assert.True(committed.AsSpan().SequenceEqual(File.ReadAllBytes(output)),
                "node-adapter/samples/counter/counter.wasm differs from what build.sh builds: run node-adapter/samples/build-all.sh and commit");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static bool OnPath(string tool) =>
        Path.IsPathRooted(tool)
            ? File.Exists(tool)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static (int ExitCode, string Log) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
