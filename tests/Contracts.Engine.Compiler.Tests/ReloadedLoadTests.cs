using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Loaded cells read from memory again where they are read (FunctionEmitter.ReloadedLoads.cs): results, traps and memory
/// equal the interpreter's when a store between the load and a read hits the loaded bytes (the same offset, partly,
/// through another base that may be the same address), when a read lies past a loop header, for 32-bit loads and for a
/// load that traps (Modules/reloaded-loads.wat), plain and metered, at bases that put the accesses in and out of bounds.
/// </summary>
public sealed class ReloadedLoadTests
{
    private static readonly (int P, int Q)[] Bases = [(0, 0), (0, 8), (8, 0), (16, 16), (0, 24), (65500, 0), (65528, 0), (0, 65534), (-8, 0)];

    [Theory]
    [InlineData("lanes")]
    [InlineData("same_offset")]
    [InlineData("overlaps")]
    [InlineData("other_base")]
    [InlineData("across_loop")]
    [InlineData("narrow")]
    [InlineData("trapping")]
    public void Every_base_matches_the_interpreter(string export)
    {
        foreach (bool metered in new[] { false, true })
        {
            foreach (var (p, q) in Bases)
            {
                string Run(EngineConfig config) =>
                    Describe("reloaded-loads.wasm", config, metered, export, [Value.I32(p), Value.I32(q)], fuel: Plenty, hashMemory: true);
                Assert.Equal(Run(metered ? MeteredInterpreted : Interpreted), Run(metered ? MeteredCompiled : Compiled));
            }
        }
    }
}
