using Contracts.Engine.Execution;
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
    public void Arithmetic_style_functions_run_the_native_rotate_identically_on_both_tiers()
    {
        // The generator's arithmetic style keeps rotations' values away from comparisons, so many of its functions get
        // the JIT's rotate (FunctionEmitter.Rotations.cs), and mixes in ordinary nodes that sometimes let one leak to a
        // comparison, which keeps the function on shifts: both sides of the walk's decision run against the interpreter.
        var options = GeneratorOptions.Default with { ArithmeticFunctionPercent = 100, SimdPercent = 0 };
        var engine = new Engine(TierParity.Compiled);
        int native = 0, shifted = 0;
        for (ulong seed = 1; seed <= 60; seed++)
        {
            var fuzzCase = ModuleGenerator.Generate(seed, options);
            var difference = TierParity.FirstDifference(fuzzCase);
            Assert.True(difference is null, $"seed {seed}: {difference}");
            foreach (var function in Module.Compile(engine, fuzzCase.Encode()).Functions)
            {
                if (!HasRotation(function.Code)) continue;
                if (FunctionEmitter.RotationsStayInArithmetic(function.Code)) native++;
                else shifted++;
            }
        }
        Assert.True(native >= 30 && shifted >= 30, $"{native} functions with native rotates, {shifted} on shifts");
    }

    [Fact]
    public void Ordinary_generated_functions_never_get_the_native_rotate()
    {
        // Every value of an ordinary function is folded into the sink global by a rotation, which disqualifies it: the
        // arithmetic style above is what takes the fuzzer's long runs through the native path.
        var options = GeneratorOptions.Default with { ArithmeticFunctionPercent = 0, SimdPercent = 0 };
        var engine = new Engine(TierParity.Compiled);
        for (ulong seed = 1; seed <= 30; seed++)
        {
            foreach (var function in Module.Compile(engine, ModuleGenerator.Generate(seed, options).Encode()).Functions)
                Assert.False(HasRotation(function.Code) && FunctionEmitter.RotationsStayInArithmetic(function.Code), $"seed {seed}");
        }
    }

    private static bool HasRotation(int[] code)
    {
        for (int at = 0; at < code.Length; at += code[at] < 0 ? 1 : OpLayout.Width(code, at))
        {
            if (code[at] >= 0 && (Op)code[at] is Op.I32Rotl or Op.I32RotlImm or Op.I32Rotr or Op.I32RotrImm
                or Op.I64Rotl or Op.I64RotlImm or Op.I64Rotr or Op.I64RotrImm) return true;
        }
        return false;
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
