using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Accesses whose address has a known bound below the memory's minimum run without a bounds check
/// (<see cref="BoundedAddresses"/>); at and past the edge, through wrapping arithmetic, across a loop header or a call
/// they are checked and trap where the interpreter does (Modules/bounded-addresses.wat), plain and metered.
/// </summary>
public sealed class BoundedAddressTests
{
    private static readonly int[] Inputs =
        [0, 1, 2, 3, 6, 7, 8, 15, 16, 17, 255, 256, 0xff00, 0xfff0, 0xfffc, 0xfffd, 0xffff, 0x10000, 0x1ffff, 0x3ffff,
            0x7fffffff, unchecked((int)0x80000000), unchecked((int)0xfffffff0), -1];

    [Theory]
    [InlineData("table")]
    [InlineData("last_byte")]
    [InlineData("last_word")]
    [InlineData("offset")]
    [InlineData("wrapping_add")]
    [InlineData("wrapping_shift")]
    [InlineData("mul_fits")]
    [InlineData("mul_past")]
    [InlineData("rem")]
    [InlineData("shr")]
    [InlineData("narrow")]
    [InlineData("compare")]
    [InlineData("select")]
    [InlineData("loop")]
    [InlineData("after_call")]
    [InlineData("size_only")]
    public void Every_input_matches_the_interpreter(string export)
    {
        foreach (bool metered in new[] { false, true })
        {
            foreach (int i in Inputs)
            {
                string Run(EngineConfig config) => Describe("bounded-addresses.wasm", config, metered, export, [Value.I32(i)], fuel: Plenty);
                Assert.Equal(Run(metered ? MeteredInterpreted : Interpreted), Run(metered ? MeteredCompiled : Compiled));
            }
        }
    }

    [Fact]
    public void Only_the_accesses_below_the_minimum_are_unchecked()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Modules", "bounded-addresses.wasm"));
        var module = Module.Compile(new Engine(Compiled), bytes);
        var unchecked_ = new List<string>();
        var names = module.Info.Exports.Where(e => e.Kind == Model.ExternalKind.Function).ToDictionary(e => (int)e.Index, e => e.Name);
        foreach (var function in module.Functions)
        {
            var inBounds = BoundedAddresses.InBounds(function, FunctionEmitter.BranchTargets(function.Code), 65536);
            if (names.TryGetValue(function.FunctionIndex, out string? name)) unchecked_.Add($"{name} {inBounds.Count}");
        }
        Assert.Equal(
            "table 1, last_byte 1, last_word 0, offset 1, wrapping_add 0, wrapping_shift 0, mul_fits 1, mul_past 0, rem 1, "
            + "shr 1, narrow 2, compare 1, select 1, loop 0, after_call 0, size_only 0",
            string.Join(", ", unchecked_));
    }
}
