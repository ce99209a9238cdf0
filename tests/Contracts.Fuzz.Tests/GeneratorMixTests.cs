using Contracts.Fuzz.Campaign;
using Contracts.Fuzz.Generation;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Each of the generator's styles at full strength, plain and gas-metered, on the interpreter, the compiled tier and
/// Wasmtime: no divergence. The default mix draws each style in a few functions only; here every function of a module
/// is strided, arithmetic or a kernel. <c>FUZZ_MIX_SEEDS</c> sets the seeds per mix (60 by default):
/// <c>fuzz/compiler-coverage.sh</c> runs these with more and measures the compiler's line coverage under them.
/// </summary>
public sealed class GeneratorMixTests(TieredOracleFixture fixture, ITestOutputHelper output) : IClassFixture<TieredOracleFixture>
{
    private static readonly GeneratorOptions NoSimd = GeneratorOptions.Default with { SimdPercent = 0 };

    public static TheoryData<string> Mixes => [.. MixOptions.Keys];

    private static readonly Dictionary<string, (GeneratorOptions Options, bool Metered, ulong FirstSeed)> MixOptions = new()
    {
        ["default"] = (GeneratorOptions.Default, false, 7_000_000_001),
        ["default-gas"] = (GeneratorOptions.Default, true, 7_000_100_001),
        ["strided"] = (NoSimd with { StridedLoopFunctionPercent = 100 }, false, 7_000_200_001),
        ["strided-gas"] = (NoSimd with { StridedLoopFunctionPercent = 100 }, true, 7_000_300_001),
        ["arithmetic-gas"] = (NoSimd with { ArithmeticFunctionPercent = 100 }, true, 7_000_400_001),
        ["kernels"] = (NoSimd with { KernelFunctionPercent = 100, StridedLoopFunctionPercent = 0, ArithmeticFunctionPercent = 0 }, false, 7_000_500_001),
        ["kernels-gas"] = (NoSimd with { KernelFunctionPercent = 100, StridedLoopFunctionPercent = 0, ArithmeticFunctionPercent = 0 }, true, 7_000_600_001),
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public void A_mix_of_one_style_shows_no_divergence_between_the_tiers(string mix)
    {
        var (options, metered, firstSeed) = MixOptions[mix];
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_MIX_SEEDS"), out int n) && n > 0 ? n : 60;
        var statistics = new FuzzCampaign(fixture.Oracle, options, metered).Run(firstSeed, seeds);
        output.WriteLine($"{mix}: seeds {firstSeed}..{firstSeed + (ulong)seeds - 1}, {statistics.TierExecutions} executions compared between the tiers");

        Assert.True(statistics.TierExecutions >= seeds, $"only {statistics.TierExecutions} calls compared between the tiers");
        Assert.True(statistics.Divergences.Count == 0, "divergences:\n" + string.Join("\n", statistics.Divergences.Select(d => $"seed {d.Seed}: {d.Divergence}")));
    }
}
