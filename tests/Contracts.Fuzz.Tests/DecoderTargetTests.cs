using System.Diagnostics;
using Contracts.Engine.Loading;
using Contracts.Fuzz.Decoding;
using Contracts.Fuzz.Generation;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// An in-process, deterministic run of the SharpFuzz target (the AFL++ campaign is documented in fuzz/README.md):
/// mutated generated modules must only ever be compiled or rejected with a WasmLoadException, quickly.
/// </summary>
public sealed class DecoderTargetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(5);

    [Fact]
    public void Mutated_modules_only_compile_or_throw_WasmLoadException()
    {
        var random = new FuzzRandom(20261126);
        int inputs = 0, compiled = 0;
        var slowest = TimeSpan.Zero;
        for (ulong seed = 1; seed <= 60; seed++)
        {
            var original = ModuleGenerator.Generate(seed).Encode();
            for (int m = 0; m < 40; m++)
            {
                var input = Mutate(random, original);
                var clock = Stopwatch.StartNew();
                bool ok;
                try
                {
                    ok = DecoderFuzzTarget.Execute(input);
                }
                catch (Exception e)
                {
                    Assert.Fail($"seed {seed} mutation {m} ({input.Length} bytes, {Convert.ToHexString(input.AsSpan(0, Math.Min(64, input.Length)))}...) threw {e}");
                    throw;
                }
                clock.Stop();
                if (clock.Elapsed > slowest) slowest = clock.Elapsed;
                Assert.True(clock.Elapsed < SlowInput, $"seed {seed} mutation {m} took {clock.Elapsed.TotalSeconds:F1} s");
                inputs++;
                if (ok) compiled++;
            }
        }
        output.WriteLine($"{inputs} mutated inputs, {compiled} still compiled, slowest {slowest.TotalMilliseconds:F0} ms");
        Assert.InRange(compiled, 1, inputs - 1);
    }

    [Fact]
    public void Spec_testsuite_modules_only_compile_or_throw_WasmLoadException()
    {
        var core = Path.Combine(SpecTests.Directory, "core");
        if (!Directory.Exists(core))
        {
            Assert.False(SpecTests.Required, $"the spec testsuite is missing at {core} (CI=true requires it)");
            return;
        }
        int files = 0;
        foreach (var file in Directory.EnumerateFiles(core, "*.wasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(1_500))
        {
            DecoderFuzzTarget.Execute(File.ReadAllBytes(file));
            files++;
        }
        output.WriteLine($"{files} spec modules");
        Assert.True(files > 100);
    }

    /// <summary>Byte-level mutations AFL++ also makes: bit flips, interesting bytes, deletions, insertions, truncation.</summary>
    private static byte[] Mutate(FuzzRandom random, byte[] original)
    {
        var bytes = new List<byte>(original);
        int count = random.Range(1, 4);
        for (int i = 0; i < count && bytes.Count > 8; i++)
        {
            int at = random.Range(8, bytes.Count - 1);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = random.Pick(new byte[] { 0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0B, 0x40 }); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.Insert(at, (byte)random.NextUInt32()); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default:
                    // A LEB128 stretched with continuation bytes (same value, more bytes).
                    bytes[at] |= 0x80;
                    bytes.Insert(at + 1, 0x80);
                    bytes.Insert(at + 2, 0x00);
                    break;
            }
        }
        return bytes.ToArray();
    }
}

/// <summary>Where the shared spec testsuite lives (../shared/spec-tests from the repository root).</summary>
internal static class SpecTests
{
    public static bool Required => Environment.GetEnvironmentVariable("CI") == "true";

    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Contracts.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.Parent?.FullName ?? ".", "shared", "spec-tests");
        }
    }
}
