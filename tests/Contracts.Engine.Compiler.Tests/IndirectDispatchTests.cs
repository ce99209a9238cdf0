using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// call_indirect's inline dispatch (Modules/dispatch.wat): the element's defined index compared with each candidate of
/// the site's type, where the candidates are not consecutive and not in the table's order, against the interpreter —
/// every slot (each function of the type, one twice, another type, null, past the end) and a loop through all of them.
/// </summary>
public sealed class IndirectDispatchTests
{
    [Theory]
    [InlineData(0, "ok 3003")]
    [InlineData(1, "ok 1009")]
    [InlineData(2, "ok -979")]
    [InlineData(3, "ok 616")]
    [InlineData(4, "ok 997")]
    [InlineData(5, "ok 115")]
    [InlineData(6, "ok 1009")]
    [InlineData(7, "trap: indirect call type mismatch")]
    [InlineData(8, "trap: uninitialized element")]
    [InlineData(10, "trap: undefined element")]
    [InlineData(-1, "trap: undefined element")]
    public void Each_slot_reaches_its_own_function_or_traps_as_the_interpreter_does(int slot, string expected)
    {
        string Run(EngineConfig config) => Describe("dispatch.wasm", config, metered: false, "dispatch",
            [Value.I32(slot), Value.I32(1000), Value.I32(3)], fuel: 0);

        string interpreted = Run(Interpreted);
        Assert.StartsWith(expected, interpreted);
        Assert.Equal(interpreted, Run(Compiled));
    }

    [Fact]
    public void A_loop_through_every_slot_computes_what_the_interpreter_computes_plain_and_metered()
    {
        string interpreted = Describe("dispatch.wasm", Interpreted, metered: false, "sweep", [Value.I32(700)], fuel: 0);
        Assert.StartsWith("ok ", interpreted);
        Assert.Equal(interpreted, Describe("dispatch.wasm", Compiled, metered: false, "sweep", [Value.I32(700)], fuel: 0));

        string full = Describe("dispatch.wasm", MeteredInterpreted, metered: true, "sweep", [Value.I32(50)], Plenty);
        long cost = Cost(full);
        AtEveryBudget((config, fuel) => Describe("dispatch.wasm", config, metered: true, "sweep", [Value.I32(50)], fuel), cost - 40, cost, 7);
    }
}
