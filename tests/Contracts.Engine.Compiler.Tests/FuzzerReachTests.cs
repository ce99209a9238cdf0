using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;
using Contracts.Fuzz.Generation;
using Contracts.GasMetering;
using Xunit;
using static Contracts.Engine.Compiler.Tests.TierRun;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>
/// The parity fuzzer's generated modules reach the compiled tier's proofs: a proof the fuzzer's code never takes is
/// compared against the interpreter only by its own unit tests. Measured with coverlet on the compiler under the fuzzer
/// (session 13), ordinary generated code never took prepaid leaves, constant-address f64 runs or rematerialized bases
/// (every function starts with the termination guard's branch, addresses are random, values are observed through a
/// global) until the kernel style was added for them. These counts over a few seeds of the kernel style catch a drift of
/// the generator away from them: each shape is found in several functions.
/// </summary>
public sealed class FuzzerReachTests
{
    private static readonly GeneratorOptions Kernels =
        GeneratorOptions.Default with { KernelFunctionPercent = 100, SimdPercent = 0, ArithmeticFunctionPercent = 0, StridedLoopFunctionPercent = 0 };

    private static IEnumerable<(CompiledFunction Function, ulong MinimumBytes)> Functions(GeneratorOptions options, ulong firstSeed, int count, bool metered)
    {
        var engine = new Engine(metered ? MeteredInterpreted : EngineConfig.Default);
        for (ulong seed = firstSeed; seed < firstSeed + (ulong)count; seed++)
        {
            // Instrumented modules must not import the fuel intrinsic themselves (as the fuzzer's metered campaign).
            var fuzzCase = ModuleGenerator.Generate(seed, metered ? options with { FuelIntrinsicPercent = 0 } : options);
            var bytes = fuzzCase.Encode();
            if (metered) bytes = GasInstrumenter.Instrument(bytes).Bytes;
            ulong minimum = (ulong)(fuzzCase.Module.Memory?.Min ?? 0) * 65536;
            foreach (var function in Module.Compile(engine, bytes).Functions) yield return (function, minimum);
        }
    }

    [Fact]
    public void Kernel_functions_reach_prepaid_leaves_fused_compares_and_constant_addresses()
    {
        int prepaid = Functions(Kernels, 1, 60, metered: true).Count(f => FunctionEmitter.PrepaidCharges(f.Function) is { Length: > 0 });
        var plain = Functions(Kernels, 1, 60, metered: false).ToList();
        int fused = plain.Count(f => FunctionEmitter.FusedComparePositions(f.Function).Length > 0);
        int constantAddresses = plain.Count(f => f.MinimumBytes > 0 && ConstantAddresses.InBounds(f.Function, f.MinimumBytes).Count >= 2);

        Assert.True(prepaid >= 5, $"prepaid leaves: {prepaid}");
        Assert.True(fused >= 5, $"functions with fused comparisons: {fused}");
        Assert.True(constantAddresses >= 5, $"functions with two or more accesses at proven constant addresses: {constantAddresses}");
    }
}
