using Contracts.Engine.SpecScripts;

namespace Contracts.GasMetering.Tests;

public sealed class SmokeTests
{
    [SkippableFact]
    public void Contract_bench_module_instruments_and_computes_its_checksum()
    {
        var shared = SharedFolder.Shared();
        Skip.If(shared is null, "../shared is not beside the repository");
        var instance = Metered.Instantiate(File.ReadAllBytes(Path.Combine(shared, "bench", "contract.wasm")));
        var result = instance.Call("run", long.MaxValue);
        Assert.Null(result.Trap);
        Assert.Equal(2358441521940552535L, result.Results[0].AsI64());
        Assert.True(result.GasUsed > 0);
    }
}
