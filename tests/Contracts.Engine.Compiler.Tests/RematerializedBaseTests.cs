using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// A check-free straight run's access check made once per parameter for the pointers derived from it
/// (FunctionEmitter.RematerializedBases.cs, Modules/rematerialized-runs.wat) against the interpreter, plain and metered:
/// results, traps and memory when the pointers lie in memory, when the last access ends at its last byte or one byte
/// past it, and when a pointer with a negative constant wraps around 2^32 (out of bounds) or one with a positive constant
/// wraps to a low address (in bounds).
/// </summary>
public sealed class RematerializedBaseTests
{
    [Theory]
    [InlineData(100, "ok")]
    [InlineData(16, "ok")]
    [InlineData(65_480, "ok")]
    [InlineData(65_481, "trap: out of bounds memory access")]
    [InlineData(65_528, "trap: out of bounds memory access")]
    [InlineData(8, "trap: out of bounds memory access")]
    [InlineData(0, "trap: out of bounds memory access")]
    [InlineData(-8, "trap: out of bounds memory access")]
    [InlineData(-40, "trap: out of bounds memory access")]
    public void Pointers_from_one_parameter_checked_once_access_what_the_interpreter_does(int pointer, string expected)
    {
        foreach (bool metered in new[] { false, true })
        {
            foreach (int n in new[] { 0, 1 })
            {
                string Run(EngineConfig config) => Describe("rematerialized-runs.wasm", config, metered, "run",
                    [Value.I32(pointer), Value.I32(n)], fuel: Plenty, hashMemory: true);

                string interpreted = Run(metered ? MeteredInterpreted : Interpreted);
                Assert.StartsWith(expected, interpreted);
                Assert.Equal(interpreted, Run(metered ? MeteredCompiled : Compiled));
            }
        }
    }
}
