using System.Diagnostics;
using System.Runtime.Intrinsics;
using Contracts.Engine.SimdChild;
using Contracts.Engine.SpecScripts;
using Xunit;

namespace Contracts.Engine.Tests.Execution;

/// <summary>
/// SIMD results do not depend on the CPU: a child process with hardware intrinsics switched off
/// (<c>DOTNET_EnableHWIntrinsic=0</c>, so every Vector128 operation runs .NET's software fallback) computes the same
/// digest of every computing SIMD instruction over edge-case operands as this process, and passes the 56 SIMD spec
/// scripts (canonical NaNs per lane, pmin/pmax keeping bits).
/// </summary>
public sealed class SimdHardwareIndependenceTests
{
    [SkippableFact]
    public void The_software_fallback_gives_the_same_bits_as_this_process()
    {
        // On a CPU without 128-bit vectors both sides would run the fallback and the comparison would prove nothing.
        Skip.IfNot(Vector128.IsHardwareAccelerated, "this CPU has no 128-bit vector support: both runs would use the fallback");
        var here = SimdWorkload.Run();
        Assert.True(here.Instructions >= 200, $"only {here.Instructions} SIMD instructions in the workload");

        string? simdFolder = SharedFolder.SpecTests() is { } suite ? Path.Combine(suite, SpecTestCorpus.Simd) : null;
        Skip.If(simdFolder is null && !SharedFolder.IsCi, "the spec testsuite is not present (../shared/spec-tests or WASM_SPEC_TESTS)");
        var lines = RunChild(simdFolder!, ("DOTNET_EnableHWIntrinsic", "0"));

        Assert.Equal("accelerated False", lines[0]);
        Assert.Equal($"workload {here.Calls} {here.Sha256}", lines[1]);
        // 56 scripts, 25,466 commands passed, none failed, the 510 text-format ones skipped: as in this process.
        Assert.Equal("spec 56 25466 0 510", lines[2]);
    }

    private static string[] RunChild(string simdFolder, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contracts.Engine.SimdChild.dll"));
        info.ArgumentList.Add(simdFolder);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var child = Process.Start(info)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string stdout = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(5)), "the SIMD child did not finish within 5 minutes");
        Assert.True(child.ExitCode == 0, $"the SIMD child exited with {child.ExitCode}: {stderr.Result}\n{stdout}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
