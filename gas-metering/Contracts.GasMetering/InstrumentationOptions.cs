using Contracts.Engine.Loading;
using Contracts.Engine.Validation;

namespace Contracts.GasMetering;

/// <summary>How <see cref="GasInstrumenter"/> instruments a module.</summary>
public sealed record InstrumentationOptions
{
    /// <summary>
    /// The instrumenter's own version: bumped whenever its output for the same input and options changes, and part
    /// of <see cref="CacheKey"/>.
    /// </summary>
    public const uint InstrumenterVersion = 1;

    /// <summary>
    /// Default stack-height limit, in frame slots (see <see cref="StackHeightLimit"/>). Every frame costs at least 1,
    /// so at most 8,192 Wasm frames are ever live: under the engine's call-depth limit of 10,000 (EngineConfig's
    /// MaxCallDepth), and under Wasmtime's default 512 KiB stack even for 1-slot frames (tested), so it trips at the
    /// same point on every engine. Value-stack use is bounded too: a frame's slots are what our interpreter reserves.
    /// </summary>
    public const uint DefaultStackHeightLimit = 8_192;

    /// <summary>The largest accepted <see cref="StackHeightLimit"/>: the counter never overflows an i32.</summary>
    public const uint MaxStackHeightLimit = 1u << 30;

    public static readonly InstrumentationOptions Default = new();

    public GasSchedule Schedule { get; init; } = GasSchedule.Default;

    /// <summary>
    /// The stack-height limit in slots: each function's frame costs its parameters + locals + maximum operand depth
    /// (at least 1); a call that would take the live total above this calls <c>gas.stack_exhausted</c>. Small leaf
    /// functions (no calls, frame of at most 64 slots) are not counted: they cannot deepen the stack further. Null
    /// turns the stack-height limiter off (only gas is metered).
    /// </summary>
    public uint? StackHeightLimit { get; init; } = DefaultStackHeightLimit;

    /// <summary>Limits for decoding and validating the input module.</summary>
    public ValidationLimits Limits { get; init; } = ValidationLimits.Permissive;

    /// <summary>Decode and validate the output too (tests and tools; the deploy pipeline validates when it compiles).</summary>
    public bool VerifyOutput { get; init; }

    /// <summary>
    /// What instrumented code depends on besides the input bytes: cache instrumented (or translated instrumented)
    /// modules under (code hash, this key).
    /// </summary>
    public string CacheKey => $"gas-i{InstrumenterVersion}-s{Schedule.Version}-h{StackHeightLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off"}";
}
