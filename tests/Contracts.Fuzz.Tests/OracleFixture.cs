using Contracts.Fuzz.Oracle;

namespace Contracts.Fuzz.Tests;

/// <summary>One Wasmtime engine and one of ours for a test class (creating Wasmtime engines is not free).</summary>
public sealed class OracleFixture : IDisposable
{
    public ContractsEngineRunner Ours { get; } = new();
    public WasmtimeRunner Theirs { get; } = new();
    public DifferentialOracle Oracle { get; }

    public OracleFixture() => Oracle = new DifferentialOracle(Ours, Theirs);

    public void Dispose()
    {
        Ours.Dispose();
        Theirs.Dispose();
    }
}
