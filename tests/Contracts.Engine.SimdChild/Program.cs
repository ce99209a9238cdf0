using System.Runtime.Intrinsics;
using Contracts.Engine.SimdChild;
using Contracts.Engine.SpecScripts;

// Runs the SIMD workload (and, given the spec testsuite's simd folder, its 56 scripts) and prints what a test compares
// between processes: whether Vector128 is hardware accelerated here, the workload's digest, the scripts' totals. A test
// starts it with DOTNET_EnableHWIntrinsic=0 so the engine's SIMD runs on .NET's software fallback.
if (args.Length > 1)
{
    Console.Error.WriteLine("usage: Contracts.Engine.SimdChild [<spec-tests/simd folder>]");
    return 2;
}
Console.Out.WriteLine($"accelerated {Vector128.IsHardwareAccelerated}");
var digest = SimdWorkload.Run();
Console.Out.WriteLine($"workload {digest.Calls} {digest.Sha256}");
if (args.Length == 1)
{
    var results = SpecScriptRunner.RunFolder(args[0]);
    Console.Out.WriteLine($"spec {results.Count} {results.Sum(r => r.Passed)} {results.Sum(r => r.Failed)} {results.Sum(r => r.Skipped)}");
    foreach (var failed in results.Where(r => !r.Succeeded)) Console.Out.WriteLine(failed.Describe(5));
}
return 0;
