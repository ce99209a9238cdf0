using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Minimization;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Shows the oracle catches a wrong operation: our engine runs a copy of each module in which one instruction is
/// replaced by a subtly wrong one of the same type (a planted bug in "our" implementation of that instruction),
/// Wasmtime runs the original. The campaign must report a divergence within a few hundred seeds, and the minimizer
/// must shrink it while it keeps diverging.
/// </summary>
public sealed class PlantedBugTests(OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    private const int SeedsToTry = 600;

    public static TheoryData<uint, uint, string> Bugs => new()
    {
        // Differs only for negative operands.
        { 0x75, 0x76, "i32.shr_s computed as i32.shr_u" },
        // Differs for every non-integral operand.
        { 0x9C, 0x9B, "f64.floor computed as f64.ceil" },
        // The most common operator, with its sign flipped.
        { 0x6A, 0x6B, "i32.add computed as i32.sub" },
        // Differs only when the operands' signs differ.
        { 0x81, 0x82, "i64.rem_s computed as i64.rem_u" },
        // Differs only in which operand is returned.
        { 0x96, 0x97, "f32.min computed as f32.max" },
        // Differs only for values that do not fit 16 bits.
        { 0xC1, 0xC0, "i32.extend16_s computed as i32.extend8_s" },
        // SIMD: saturation bound of the wrong signedness, in one of sixteen lanes.
        { 0xFD_006F, 0xFD_0070, "i8x16.add_sat_s computed as i8x16.add_sat_u" },
        // Differs only in lanes holding a NaN or signed zeros: min propagates NaN, pmin returns the first operand.
        { 0xFD_00E8, 0xFD_00EA, "f32x4.min computed as f32x4.pmin" },
        // Differs only for negative lanes.
        { 0xFD_008C, 0xFD_008D, "i16x8.shr_s computed as i16x8.shr_u" },
        // Differs for lanes with a fraction of exactly one half, or above it.
        { 0xFD_0094, 0xFD_007A, "f64x2.nearest computed as f64x2.trunc" },
        // Differs only for negative lanes of the low half.
        { 0xFD_00A7, 0xFD_00A9, "i32x4.extend_low_i16x8_s computed as i32x4.extend_low_i16x8_u" },
        // Differs only for lanes outside the i8 range.
        { 0xFD_0065, 0xFD_0066, "i8x16.narrow_i16x8_s computed as i8x16.narrow_i16x8_u" },
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Oracle_catches_a_planted_bug(uint correct, uint planted, string description)
    {
        var (seed, divergence) = FindDivergence(correct, planted);
        Assert.True(divergence is not null, $"the oracle did not catch the planted bug \"{description}\" in {SeedsToTry} seeds");
        output.WriteLine($"{description}: caught at seed {seed}: {divergence}");
    }

    [Fact]
    public void Minimizer_shrinks_a_planted_bug_divergence_and_keeps_it()
    {
        var bug = new Dictionary<uint, uint> { [0x81] = 0x82 };
        var (seed, divergence) = FindDivergence(0x81, 0x82);
        Assert.NotNull(divergence);

        var fuzzCase = ModuleGenerator.Generate(seed);
        int originalSize = fuzzCase.Encode().Length;
        bool Diverges(FuzzCase c) => fixture.Oracle.Run(c.Module.Encode(bug), c.Encode(), c.Invocations).Divergence is not null;
        var minimized = Minimizer.Minimize(fuzzCase, Diverges);

        Assert.True(Diverges(minimized));
        int minimizedSize = minimized.Encode().Length;
        output.WriteLine($"seed {seed}: {originalSize} bytes, {fuzzCase.Invocations.Count} calls -> {minimizedSize} bytes, {minimized.Invocations.Count} calls\n{minimized.Module.Dump()}");
        Assert.True(minimizedSize * 2 < originalSize, $"minimized to {minimizedSize} of {originalSize} bytes");
        Assert.Single(minimized.Invocations);
    }

    [Fact]
    public void Without_a_planted_bug_the_same_seeds_agree()
    {
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed);
            Assert.Null(fixture.Oracle.Run(fuzzCase).Divergence);
        }
    }

    private (ulong Seed, Oracle.Divergence? Divergence) FindDivergence(uint correct, uint planted)
    {
        var bug = new Dictionary<uint, uint> { [correct] = planted };
        for (ulong seed = 1; seed <= SeedsToTry; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed);
            if (!fuzzCase.Module.AllNodes().Any(n => n.Opcodes.Contains(correct))) continue;
            var comparison = fixture.Oracle.Run(fuzzCase.Module.Encode(bug), fuzzCase.Encode(), fuzzCase.Invocations);
            if (comparison.Divergence is { } divergence) return (seed, divergence);
        }
        return (0, null);
    }
}
