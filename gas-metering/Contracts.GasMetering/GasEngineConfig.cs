using Contracts.Engine;

namespace Contracts.GasMetering;

/// <summary>
/// The engine configuration for instrumented modules: the engine folds <c>gas.charge</c> into its fuel intrinsic
/// (a per-block charge then costs no dispatch of its own) and zeroes <c>__gas_stack_height</c> at every entry from
/// the host. The engine itself knows none of these names; <see cref="GasImports"/> defines them.
/// </summary>
public static class GasEngineConfig
{
    /// <summary><see cref="EngineConfig.Default"/> with the gas names bound.</summary>
    public static EngineConfig Default { get; } = EngineConfig.Default.WithGasMetering();

    /// <summary><paramref name="config"/> with <see cref="EngineConfig.FuelImport"/> and <see cref="EngineConfig.StackHeightCounterExport"/> set to the gas names.</summary>
    public static EngineConfig WithGasMetering(this EngineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config with
        {
            FuelImport = (GasImports.Module, GasImports.Charge),
            StackHeightCounterExport = GasImports.StackHeightExport,
        };
    }
}
