using Contracts.Engine.Loading;
using Contracts.GasMetering;

namespace Contracts.Execution.ChainSpecs;

/// <summary>
/// What is in force from block <see cref="ActivationBlock"/> until the next rule set: the gas schedule, the host
/// ABI version, the limits, whether SIMD modules may be deployed, devnet-only features and the transaction prices.
/// A node executing (or replaying) block N uses <see cref="ChainSpec.RulesAt"/>(N), never a global.
/// </summary>
public sealed record RuleSet
{
    /// <summary>A name for humans and logs (e.g. "genesis", "simd").</summary>
    public required string Name { get; init; }

    public required ulong ActivationBlock { get; init; }

    /// <summary>Prices of instructions and host functions, in Wasm gas.</summary>
    public required GasSchedule Schedule { get; init; }

    /// <summary>The host ABI version contracts import (module <c>contracts_v1</c> for version 1).</summary>
    public uint HostAbiVersion { get; init; } = 1;

    /// <summary>Whether modules using fixed-width SIMD (<c>v128</c>) may be deployed.</summary>
    public bool SimdAllowed { get; init; }

    /// <summary>Whether modules may import <c>debug_log</c> (devnets only; refused at deploy elsewhere).</summary>
    public bool DebugLogAllowed { get; init; }

    /// <summary>
    /// Wasm gas per chain gas (as Arbitrum Stylus converts ink to gas): the transaction's gas limit minus its intrinsic
    /// gas, times this, is the fuel its top frame starts with; fuel used is divided by it (rounded up) into chain gas.
    /// </summary>
    public ulong WasmGasPerChainGas { get; init; } = 1_000;

    public ExecutionLimits Limits { get; init; } = ExecutionLimits.Default;

    public TransactionPrices Prices { get; init; } = TransactionPrices.Default;

    /// <summary>EIP-1559: the base fee changes by at most 1/this per block.</summary>
    public ulong BaseFeeChangeDenominator { get; init; } = 8;

    /// <summary>EIP-1559: the gas target is the gas limit divided by this.</summary>
    public ulong ElasticityMultiplier { get; init; } = 2;

    /// <summary>
    /// What a deployed module is decoded and validated under: the engine's contract profile, with SIMD accepted
    /// exactly when <see cref="SimdAllowed"/> (a module using <c>v128</c> is refused at deploy otherwise).
    /// </summary>
    public ValidationLimits ValidationLimits => SimdAllowed ? ValidationLimits.Contract with { AllowSimd = true } : ValidationLimits.Contract;

    /// <summary>
    /// The gas-metering options contracts are instrumented with under this rule set (schedule and stack-height limit).
    /// </summary>
    public InstrumentationOptions Instrumentation => new()
    {
        Schedule = Schedule,
        StackHeightLimit = Limits.StackHeightLimit,
        Limits = ValidationLimits,
    };

    /// <summary>Throws <see cref="ChainSpecException"/> when a field is out of range.</summary>
    public void Validate()
    {
        string where = $"rule set \"{Name}\" (from block {ActivationBlock})";
        if (string.IsNullOrWhiteSpace(Name)) throw new ChainSpecException($"{where}: a rule set needs a name");
        if (HostAbiVersion != 1) throw new ChainSpecException($"{where}: host ABI version {HostAbiVersion} is unknown (this node knows version 1)");
        if (WasmGasPerChainGas == 0) throw new ChainSpecException($"{where}: wasmGasPerChainGas must be at least 1");
        if (BaseFeeChangeDenominator == 0) throw new ChainSpecException($"{where}: baseFeeChangeDenominator must be at least 1");
        if (ElasticityMultiplier == 0) throw new ChainSpecException($"{where}: elasticityMultiplier must be at least 1");
        if (Prices.MaxRefundQuotient == 0) throw new ChainSpecException($"{where}: maxRefundQuotient must be at least 1");
        if (SimdAllowed && !Schedule.PricesSimd)
            throw new ChainSpecException($"{where}: SIMD is allowed but gas schedule version {Schedule.Version} has no SIMD prices (use version 3 or later)");
        try
        {
            Schedule.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ChainSpecException($"{where}: {e.Message}", e);
        }
        Limits.Validate(where);
    }
}
