using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Oracle;

/// <summary>Per-call budgets both engines get, so both stop at the same point.</summary>
public sealed record RunSettings
{
    public static readonly RunSettings Default = new();

    /// <summary>Value the oracle writes to the generated fuel-guard global before each call.</summary>
    public int GuardFuelPerCall { get; init; } = GeneratorOptions.Default.FuelPerCall;
    /// <summary>Fuel for the gas.charge intrinsic per call (our Store.Fuel; the host counter on Wasmtime).</summary>
    public long IntrinsicFuelPerCall { get; init; } = 10_000;
}

/// <summary>One engine under comparison: loads a module, instantiates it and makes the calls, recording everything.</summary>
public interface IEngineRunner : IDisposable
{
    string Name { get; }

    CaseOutcome Run(byte[] wasm, IReadOnlyList<Invocation> calls, RunSettings settings);
}
