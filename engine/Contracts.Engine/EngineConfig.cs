using Contracts.Engine.Loading;
using Contracts.Engine.Validation;

namespace Contracts.Engine;

/// <summary>Engine-wide settings. Every limit is deterministic: the same on every machine.</summary>
public sealed record EngineConfig
{
    public static readonly EngineConfig Default = new();

    /// <summary>Validation and implementation limits applied when a module is compiled.</summary>
    public ValidationLimits Limits { get; init; } = ValidationLimits.Permissive;

    /// <summary>Maximum nesting of Wasm calls (host re-entries included) before "call stack exhausted".</summary>
    public int MaxCallDepth { get; init; } = 10_000;

    /// <summary>Size of the value stack in value cells of 16 bytes (all frames of one store together).</summary>
    public int MaxValueStackSlots { get; init; } = 1 << 20;

    /// <summary>Upper bound on any memory's size in 64 KiB pages, below the module's own maximum.</summary>
    public uint MaxMemoryPages { get; init; } = 16_384;

    /// <summary>Upper bound on any table's size in elements.</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;

    /// <summary>
    /// The import bound to the engine's fuel intrinsic, of type [i64] -> [], or null (the default) for none. A module
    /// importing it needs no definition from the linker: each call consumes that much fuel
    /// (<see cref="Runtime.Store.ConsumeFuel"/>), folded into the translated code. The engine knows no gas names:
    /// gas-metering's <c>GasEngineConfig</c> supplies the configuration for its instrumented modules.
    /// </summary>
    public (string Module, string Name)? FuelImport { get; init; }

    /// <summary>
    /// The export name of a stack-height limiter's counter (a mutable i32 global), or null (the default) for none. The
    /// engine zeroes every such counter of a store at each outermost entry from the host, since a trap unwinds frames
    /// without lowering it. gas-metering's <c>GasEngineConfig</c> sets it for its instrumented modules.
    /// </summary>
    public string? StackHeightCounterExport { get; init; }

    /// <summary>
    /// Which tier runs Wasm code (<see cref="ExecutionTier.Tiered"/> by default). Without a <see cref="Compiler"/>,
    /// or where dynamic code is not supported, only the interpreter runs, whatever this says.
    /// </summary>
    public ExecutionTier Tier { get; init; } = ExecutionTier.Tiered;

    /// <summary>Calls of a module from the host after which the tiered mode compiles it.</summary>
    public int TierUpThreshold { get; init; } = 64;

    /// <summary>The compiled tier (<c>Contracts.Engine.Compiler</c>'s <c>IlTier</c>), or null for the interpreter only.</summary>
    public CompiledTier? Compiler { get; init; }
}
