using Contracts.Engine.Runtime;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// Check-free loop copies unrolled with their moves renamed (FunctionEmitter.RenamedCopies.cs): Modules/renamed-copies.wat
/// leaves its loop in each unrolled copy in turn (the trip counts 1 to 20 and beyond a whole unrolling), from bases in
/// memory and one whose accesses run out of it (the checked loop, trapping), and returns every cell it rotates; result,
/// trap and memory equal on both tiers.
/// </summary>
public sealed class RenamedCopyTests
{
    public static TheoryData<int, int> Trips()
    {
        var data = new TheoryData<int, int>();
        for (int trips = 0; trips <= 20; trips++) data.Add(0, 4 * trips);
        data.Add(4, 4 * 37);
        data.Add(65536 - 1024 - 8, 4 * 9);   // the stores run past the memory's end: the checked loop traps
        data.Add(0, 6);                      // never equal: the accesses run out of memory and trap
        return data;
    }

    [Theory]
    [MemberData(nameof(Trips))]
    public void Every_exit_of_the_unrolled_copy_leaves_the_cells_as_the_interpreter_does(int @base, int end)
    {
        Value[] arguments = [Value.I32(@base), Value.I32(end)];
        string Run(EngineConfig config) => Describe("renamed-copies.wasm", config, metered: false, "rotate", arguments, 0, hashMemory: true);

        string interpreted = Run(Interpreted);
        Assert.Equal(interpreted, Run(Compiled));
        Assert.Equal(@base == 0 && end == 6 || @base > 4, interpreted.StartsWith("trap", StringComparison.Ordinal));
    }
}
