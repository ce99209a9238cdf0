using Contracts.Engine.Binary;
using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Coverage;

/// <summary>
/// Which instructions of the engine's table the run's modules contained (by scanning the generated code trees, so the
/// fuzzer's own guard and observation instructions do not count). The denominator is every row of
/// <see cref="InstructionSet"/>: the 201 instructions of WebAssembly 2.0 without SIMD and the 236 of fixed-width SIMD,
/// each part also reported on its own.
/// </summary>
public sealed class OpcodeCoverage
{
    public static readonly IReadOnlyList<uint> AllOpcodes = BuildAll(simd: null);
    /// <summary>The fixed-width SIMD instructions (prefix 0xFD).</summary>
    public static readonly IReadOnlyList<uint> SimdOpcodes = BuildAll(simd: true);
    /// <summary>Every instruction but SIMD's.</summary>
    public static readonly IReadOnlyList<uint> ScalarOpcodes = BuildAll(simd: false);

    private readonly HashSet<uint> _seen = [];

    public int Covered => _seen.Count;
    public int Total => AllOpcodes.Count;
    public double Percent => 100.0 * Covered / Total;

    public int SimdCovered => SimdOpcodes.Count(_seen.Contains);
    public double SimdPercent => 100.0 * SimdCovered / SimdOpcodes.Count;
    public int ScalarCovered => ScalarOpcodes.Count(_seen.Contains);
    public double ScalarPercent => 100.0 * ScalarCovered / ScalarOpcodes.Count;

    public void Add(FuzzCase fuzzCase)
    {
        foreach (var node in fuzzCase.Module.AllNodes())
            foreach (var key in node.Opcodes) _seen.Add(key);
    }

    public void Add(uint key) => _seen.Add(key);

    public IEnumerable<uint> Missing => AllOpcodes.Where(k => !_seen.Contains(k));

    public static string Name(uint key) =>
        InstructionSet.Get(key > 0xFFFF ? (byte)(key >> 16) : (byte)0, key > 0xFFFF ? key & 0xFFFF : key)?.Mnemonic ?? $"0x{key:x2}";

    private static List<uint> BuildAll(bool? simd) =>
        [.. InstructionSet.All.ToArray().Where(info => simd is null || (info.Feature == WasmFeature.Simd) == simd).Select(CodeNode.KeyOf)];
}
