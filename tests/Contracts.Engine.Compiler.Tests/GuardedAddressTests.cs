using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Accesses whose address an unsigned comparison's branch bounds where the code falls through it run without a bounds
/// check when that bound keeps them below the memory's minimum (<see cref="BoundedAddresses"/>); one byte past the edge,
/// the other way round, signed, against an unbounded cell, written again past the guard or where another way joins
/// they are checked and trap where the interpreter does (Modules/guarded-addresses.wat), plain and metered.
/// </summary>
public sealed class GuardedAddressTests
{
    private static readonly int[] Inputs =
        [0, 1, 2, 3, 4, 15, 16, 255, 256, 257, 510, 511, 512, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff,
            unchecked((int)0x80000000), -256, -1];

    private static readonly int[] Limits = [0, 1, 3, 255, 256, 511, 0x10000, -1];

    [Theory]
    [InlineData("le_imm")]
    [InlineData("le_imm_past")]
    [InlineData("lt_imm")]
    [InlineData("lt_zero")]
    [InlineData("gt_imm")]
    [InlineData("le_signed")]
    [InlineData("le_cell")]
    [InlineData("lt_cell")]
    [InlineData("ge_cell")]
    [InlineData("gt_cell")]
    [InlineData("le_unbounded")]
    [InlineData("rewritten")]
    [InlineData("scaled")]
    [InlineData("join")]
    [InlineData("br_if_out")]
    [InlineData("scaled_loads")]
    public void Every_input_matches_the_interpreter(string export)
    {
        foreach (bool metered in new[] { false, true })
        {
            foreach (int i in Inputs)
            {
                foreach (int n in Limits)
                {
                    string Run(EngineConfig config) =>
                        Describe("guarded-addresses.wasm", config, metered, export, [Value.I32(i), Value.I32(n)], fuel: Plenty);
                    Assert.Equal(Run(metered ? MeteredInterpreted : Interpreted), Run(metered ? MeteredCompiled : Compiled));
                }
            }
        }
    }

    [Fact]
    public void Only_the_accesses_a_guard_keeps_below_the_minimum_are_unchecked()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "guarded-addresses.wasm"));
        var module = Module.Compile(new Engine(Compiled), bytes);
        var names = module.Info.Exports.Where(e => e.Kind == Model.ExternalKind.Function).ToDictionary(e => (int)e.Index, e => e.Name);
        var counts = module.Functions.Select(function => $"{names[function.FunctionIndex]} "
            + BoundedAddresses.InBounds(function, FunctionEmitter.BranchTargets(function.Code), 65536).Count);
        Assert.Equal(
            "le_imm 1, le_imm_past 0, lt_imm 1, lt_zero 0, gt_imm 0, le_signed 0, le_cell 1, lt_cell 1, ge_cell 1, gt_cell 1, "
            + "le_unbounded 0, rewritten 0, scaled 1, join 0, br_if_out 1, scaled_loads 3",
            string.Join(", ", counts));
    }
}
