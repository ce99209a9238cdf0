namespace Contracts.Fuzz.Oracle;

/// <summary>The verdict on one case, with the counts the campaign reports.</summary>
public sealed record Comparison
{
    public Divergence? Divergence { get; init; }
    public int CallsCompared { get; init; }
    /// <summary>Calls compared between our two tiers (interpreter and compiled), when the oracle runs both.</summary>
    public int TierCallsCompared { get; init; }
    public int Traps { get; init; }
    /// <summary>Calls stopped by the generated fuel guard (flag 1) on both engines.</summary>
    public int GuardFuelTrips { get; init; }
    /// <summary>Calls stopped by the generated stack-height limiter (flag 2) on both engines: compared in full.</summary>
    public int DepthLimiterTrips { get; init; }
    /// <summary>Calls where an engine's own stack ran out: counted, never compared (engines differ in depth).</summary>
    public int NativeStackExhaustions { get; init; }
    /// <summary>Calls Wasmtime's backstop fuel stopped: counted, not compared (should stay 0).</summary>
    public int Backstops { get; init; }
    /// <summary>Calls that ran out of fuel-intrinsic gas on both engines (gas compared exactly).</summary>
    public int IntrinsicOutOfFuel { get; init; }
    public bool Instantiated { get; init; }
    /// <summary>The trap of each compared call that trapped (our engine's classification).</summary>
    public IReadOnlyList<TrapClass> TrapKinds { get; init; } = [];
}
