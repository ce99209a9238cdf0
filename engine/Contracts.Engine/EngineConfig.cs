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

    /// <summary>Calls of a module from the host after which the tiered mode compiles it, when its calls consume no fuel
    /// (an unmetered module: the call count is all the tier can see of its work).</summary>
    public int TierUpThreshold { get; init; } = 64;

    /// <summary>
    /// Fuel a metered module's interpreted calls from the host consume, together, before the tiered mode compiles it.
    /// What compiling saves is proportional to the work the calls do, not to their number, and fuel measures that work
    /// exactly (known at each host entry): the interpreter runs about 3 units a nanosecond (a gas-metered contract.wasm
    /// call: 617 fuel in 0.21 µs), so 10,000,000 is ~3 ms of interpretation, about what the .NET JIT takes to compile a
    /// small module. Compiling once the interpretation has cost what the compile will (the rent-or-buy rule) never
    /// spends more than twice the better choice: a hashing contract is compiled at its second call, one doing a
    /// hundred instructions a call (which compiled code barely speeds up) after ~16,000 calls. A node-local choice:
    /// tiers never change results or fuel.
    /// </summary>
    public long TierUpFuel { get; init; } = 10_000_000;

    /// <summary>The compiled tier (<c>Contracts.Engine.Compiler</c>'s <c>IlTier</c>), or null for the interpreter only.</summary>
    public CompiledTier? Compiler { get; init; }
}
