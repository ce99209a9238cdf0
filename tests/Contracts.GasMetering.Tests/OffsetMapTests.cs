using Contracts.Engine.Binary;
using Contracts.Engine.SpecScripts;
using Contracts.Engine.Loading;
using Contracts.Engine.Validation;

namespace Contracts.GasMetering.Tests;

/// <summary>The instrumenter's map from instrumented code back to the module as given (trap and trace locations).</summary>
public sealed class OffsetMapTests
{
    [SkippableTheory]
    [InlineData("contract.wasm")]
    [InlineData("keccak.wasm")]
    [InlineData("calls.wasm")]
    public void Every_mapped_run_holds_the_same_bytes_as_the_original(string benchModule)
    {
        var shared = SharedFolder.Shared();
        Skip.If(shared is null, "../shared is not beside the repository");
        byte[] original = File.ReadAllBytes(Path.Combine(shared, "bench", benchModule));
        var instrumented = GasInstrumenter.Instrument(original);
        var output = ModuleDecoder.Decode(instrumented.Bytes, ValidationLimits.Permissive);

        int runs = 0;
        for (int f = 0; f < instrumented.DefinedFunctions.Count; f++)
        {
            var function = instrumented.DefinedFunctions[f];
            int codeStart = output.Bodies[f].CodeOffset;
            for (int r = 0; r < function.OffsetRuns.Length; r += 3)
            {
                int at = function.OffsetRuns[r], from = function.OffsetRuns[r + 1], length = function.OffsetRuns[r + 2];
                Assert.Equal(original.AsSpan(from, length).ToArray(), instrumented.Bytes.AsSpan(codeStart + at, length).ToArray());
                Assert.Equal(from + length - 1, function.ToOriginalOffset(at + length - 1));
                runs++;
            }
        }
        Assert.True(runs > 0);
    }

    [Fact]
    public void Instrumentation_code_maps_to_the_instruction_it_precedes()
    {
        // Runs: [10, 100, 2] and [20, 200, 5]; 0..9 is a prologue, 12..19 a charge, 25.. the epilogue.
        var function = new InstrumentedFunction(0, 2, 1, true, 1, [10, 100, 2, 20, 200, 5]);
        Assert.Equal(100, function.ToOriginalOffset(0));
        Assert.Equal(101, function.ToOriginalOffset(11));
        Assert.Equal(200, function.ToOriginalOffset(12));
        Assert.Equal(203, function.ToOriginalOffset(23));
        Assert.Equal(204, function.ToOriginalOffset(30));
    }
}
