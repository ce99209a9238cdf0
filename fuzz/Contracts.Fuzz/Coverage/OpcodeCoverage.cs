using Contracts.Engine.Binary;
using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Coverage;

/// <summary>
/// Which instructions of the engine's table the run's modules contained (by scanning the generated code trees, so the
/// fuzzer's own guard instructions do not count). The denominator is every row of
/// <see cref="InstructionSet"/> the generator targets (all but SIMD's): 201 instructions of WebAssembly 2.0.
/// </summary>
public sealed class OpcodeCoverage
{
    public static readonly IReadOnlyList<ushort> AllOpcodes = BuildAll();

    private readonly HashSet<ushort> _seen = [];

    public int Covered => _seen.Count;
    public int Total => AllOpcodes.Count;
    public double Percent => 100.0 * Covered / Total;

    public void Add(FuzzCase fuzzCase)
    {
        foreach (var node in fuzzCase.Module.AllNodes())
            foreach (var key in node.Opcodes) _seen.Add(key);
    }

    public void Add(ushort key) => _seen.Add(key);

    public IEnumerable<ushort> Missing => AllOpcodes.Where(k => !_seen.Contains(k));

    public static string Name(ushort key) =>
        InstructionSet.Get(key >= 0x100 ? (byte)(key >> 8) : (byte)0, key >= 0x100 ? (uint)(key & 0xFF) : key)?.Mnemonic ?? $"0x{key:x2}";

    private static List<ushort> BuildAll() =>
        [.. InstructionSet.All.ToArray().Where(info => info.Feature != WasmFeature.Simd).Select(CodeNode.KeyOf)];
}
