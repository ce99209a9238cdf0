using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Cells recomputed where they are read (FunctionEmitter.Remat.cs, Modules/rematerialized.wat) against the interpreter:
/// pointers a parameter plus a constant used across a loop, with the 32-bit wrap-around (a pointer -8 + 8 reads address
/// 0; without the wrap it would be out of bounds) and an access past the end; and the cells that must keep their own
/// values: read before they are set, set from a parameter written later, written again in a loop.
/// </summary>
public sealed class RematerializedTests
{
    [Theory]
    [InlineData(100, 5, "ok")]
    [InlineData(-8, 7, "ok")]
    [InlineData(-24, 3, "trap: out of bounds memory access")]
    [InlineData(65_500, 2, "ok")]
    [InlineData(65_520, 2, "trap: out of bounds memory access")]
    public void Pointers_recomputed_from_a_parameter_read_and_write_what_the_interpreter_does(int pointer, int rounds, string expected)
    {
        foreach (bool metered in new[] { false, true })
        {
            string Run(EngineConfig config) => Describe("rematerialized.wasm", config, metered, "lanes",
                [Value.I32(pointer), Value.I32(rounds)], fuel: Plenty, hashMemory: true);

            string interpreted = Run(metered ? MeteredInterpreted : Interpreted);
            Assert.Equal(interpreted, Run(metered ? MeteredCompiled : Compiled));
            Assert.StartsWith(expected, interpreted);
        }
    }

    [Theory]
    [InlineData("early", new[] { 10 }, "ok 15")]
    [InlineData("moved", new[] { 10 }, "ok 115")]
    [InlineData("rewritten", new[] { 1, 3 }, "ok 54")]
    public void Cells_that_are_not_recomputed_keep_their_own_values(string export, int[] arguments, string expected)
    {
        string Run(EngineConfig config) => Describe("rematerialized.wasm", config, metered: false, export,
            [.. arguments.Select(Value.I32)], fuel: 0);

        string interpreted = Run(Interpreted);
        Assert.StartsWith(expected, interpreted);
        Assert.Equal(interpreted, Run(Compiled));
    }
}
