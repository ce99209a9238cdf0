using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace Contracts.Fuzz.Tests;

/// <summary>
/// Shows the oracle catches a wrong operation: our engine runs a copy of each module in which one instruction is
/// replaced by a subtly wrong one of the same type (a planted bug in "our" implementation of that instruction),
/// Wasmtime runs the original. The campaign must report a divergence within a few hundred seeds.
/// </summary>
public sealed class PlantedBugTests(OracleFixture fixture, ITestOutputHelper output) : IClassFixture<OracleFixture>
{
    public static TheoryData<byte, byte, string> Bugs => new()
    {
        // Differs only for negative operands.
        { 0x75, 0x76, "i32.shr_s computed as i32.shr_u" },
        // Differs only in the sign of zero results and for NaN-free ties: a classic float slip.
        { 0x9E, 0x9D, "f64.nearest computed as f64.trunc" },
        // Differs only when the operands' signs differ.
        { 0x81, 0x82, "i64.rem_s computed as i64.rem_u" },
        // Differs only for -0/+0 pairs and NaNs.
        { 0x96, 0x97, "f32.min computed as f32.max" },
    };

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Oracle_catches_a_planted_bug(byte correct, byte planted, string description)
    {
        var buggy = GeneratorOptions.Default with { OpcodeSubstitutions = new Dictionary<ushort, ushort> { [correct] = planted } };
        for (ulong seed = 1; seed <= 400; seed++)
        {
            var original = ModuleGenerator.Generate(seed, GeneratorOptions.Default);
            if (!original.Module.AllNodes().Any(n => n.Opcodes.Contains(correct))) continue;
            var mutated = ModuleGenerator.Generate(seed, buggy);
            var comparison = fixture.Oracle.Run(mutated.Encode(), original.Encode(), original.Invocations);
            if (comparison.Divergence is { } divergence)
            {
                output.WriteLine($"{description}: caught at seed {seed}: {divergence}");
                return;
            }
        }
        Assert.Fail($"the oracle did not catch the planted bug \"{description}\" in 400 seeds");
    }

    [Fact]
    public void Without_a_planted_bug_the_same_seeds_agree()
    {
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed);
            var comparison = fixture.Oracle.Run(fuzzCase.Encode(), fuzzCase.Encode(), fuzzCase.Invocations);
            Assert.Null(comparison.Divergence);
        }
    }
}
