using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Coverage;

/// <summary>
/// Which WebAssembly 2.0 non-SIMD instructions the run's modules contained (by scanning the generated code trees,
/// so the fuzzer's own guard instructions do not count). The denominator is every single-byte 2.0 opcode plus the
/// 18 opcodes after the 0xFC prefix: 201 instructions.
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

    public static string Name(ushort key)
    {
        if (key >= 0xFC00) return $"0xFC {key & 0xFF}";
        var numeric = NumericOps.All.FirstOrDefault(o => !o.Prefixed && o.Opcode == key);
        return numeric?.Name ?? $"0x{key:x2}";
    }

    private static List<ushort> BuildAll()
    {
        var keys = new List<ushort>();
        void Range(int from, int to)
        {
            for (int k = from; k <= to; k++) keys.Add((ushort)k);
        }
        Range(0x00, 0x05);
        Range(0x0B, 0x11);
        Range(0x1A, 0x1C);
        Range(0x20, 0x26);
        Range(0x28, 0xC4);
        Range(0xD0, 0xD2);
        for (uint sub = 0; sub <= 17; sub++) keys.Add(CodeNode.KeyFC(sub));
        return keys;
    }
}
