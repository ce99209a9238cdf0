using Contracts.Engine;
using Contracts.Engine.Binary;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;

namespace Contracts.Fuzz.Decoding;

/// <summary>
/// The SharpFuzz target over raw bytes: decode, validate and translate (<see cref="Module.Compile"/>) under both
/// limit profiles. Anything but a <see cref="WasmLoadException"/> escapes and is a crash for AFL++; a hang is
/// caught by AFL++'s timeout and unbounded allocation by its memory limit (see fuzz/README.md).
/// </summary>
public static class DecoderFuzzTarget
{
    private static readonly Engine.Engine Permissive = new(EngineConfig.Default);
    private static readonly Engine.Engine Contract = new(EngineConfig.Default with { Limits = ValidationLimits.Contract });

    /// <summary>One input. Returns true when the module compiled under the permissive profile.</summary>
    public static bool Execute(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        bool compiled = TryCompile(Permissive, bytes);
        TryCompile(Contract, bytes);
        return compiled;
    }

    private static bool TryCompile(Engine.Engine engine, byte[] bytes)
    {
        try
        {
            Module.Compile(engine, bytes);
            return true;
        }
        catch (WasmLoadException)
        {
            return false;
        }
    }

    /// <summary>The AFL++ entry point (SharpFuzz's out-of-process protocol over stdin / shared memory).</summary>
    public static int RunAfl()
    {
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Execute(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }

    /// <summary>Runs the target once per file (reproducing a crash AFL++ found); 1 if any input threw.</summary>
    public static int RunFiles(IReadOnlyList<string> paths)
    {
        int failures = 0;
        foreach (var path in paths)
        {
            try
            {
                bool compiled = Execute(File.ReadAllBytes(path));
                Console.WriteLine($"{path}: {(compiled ? "compiled" : "rejected with a WasmLoadException")}");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{path}: CRASH {e}");
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
