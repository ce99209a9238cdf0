using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Loaded values read from memory again where they are read, decided per value (FunctionEmitter.ReloadedLoads.cs): in
/// cells that hold other values before or after the loaded one, results, traps and memory equal the interpreter's when
/// the cell is written again after the loaded value's reads, when the loaded value is still read past a loop's header
/// or where a branch goes, when a comparison fused into its branch reads it, and when a store between the load and a
/// read hits the loaded bytes (Modules/reloaded-values.wat), plain and metered, at bases in and out of bounds.
/// </summary>
public sealed class ReloadedValueTests
{
    private static readonly (int P, int Q)[] Bases = [(0, 0), (0, 1), (8, 0), (16, 16), (0, 8), (65500, 0), (65528, 1), (0, 65534), (-8, 0)];

    [Theory]
    [InlineData("rewritten")]
    [InlineData("reused_lanes")]
    [InlineData("live_at_target")]
    [InlineData("live_past_branch")]
    [InlineData("fused_compare")]
    [InlineData("overwritten")]
    public void Every_base_matches_the_interpreter(string export)
    {
        foreach (bool metered in new[] { false, true })
        {
            foreach (var (p, q) in Bases)
            {
                string Run(EngineConfig config) =>
                    Describe("reloaded-values.wasm", config, metered, export, [Value.I32(p), Value.I32(q)], fuel: Plenty, hashMemory: true);
                Assert.Equal(Run(metered ? MeteredInterpreted : Interpreted), Run(metered ? MeteredCompiled : Compiled));
            }
        }
    }
}
