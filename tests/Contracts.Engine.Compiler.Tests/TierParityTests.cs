using Contracts.Engine.Runtime;
using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;
using FsCheck.Xunit;
using Xunit;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The fuzzer's generated modules (metered with the gas intrinsic, guards, host calls, memory, tables, traps, deep
/// calls) run on the interpreter and on the compiled tier: every observable must be identical, fuel left included.
/// </summary>
public sealed class TierParityTests
{
    [Property(MaxTest = 150, Replay = "(12345,67891)")]
    public void A_generated_module_runs_identically_on_both_tiers(ulong seed)
    {
        var fuzzCase = ModuleGenerator.Generate(seed);

        var difference = TierParity.FirstDifference(fuzzCase);

        Assert.True(difference is null, $"seed {seed}: {difference}");
    }

    [Fact]
    public void Tight_fuel_runs_out_at_the_same_instruction_on_both_tiers()
    {
        // A small per-call budget makes most calls stop out of fuel part-way: the trap offset and fuel left (0) agree.
        var settings = RunSettings.Default with { IntrinsicFuelPerCall = 137 };
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var difference = TierParity.FirstDifference(ModuleGenerator.Generate(seed), settings);
            Assert.True(difference is null, $"seed {seed}: {difference}");
        }
    }

    [Fact]
    public void Generated_modules_are_compiled_not_interpreted()
    {
        // The parity above means something only if the compiled tier ran the code: nothing the generator emits falls back.
        var engine = new Engine(TierParity.Compiled);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            // Without SIMD: functions with v128 are interpreted by design (the generator puts SIMD in half the modules).
            var module = Module.Compile(engine, ModuleGenerator.Generate(seed, GeneratorOptions.Default with { SimdPercent = 0 }).Encode());
            Assert.True(IlTier.Precompile(module));
            Assert.Equal(module.Info.Bodies.Length, IlTier.CompiledFunctionCount(module));
        }
    }
}
