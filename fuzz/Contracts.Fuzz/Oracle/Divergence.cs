namespace Contracts.Fuzz.Oracle;

public enum DivergenceKind
{
    /// <summary>Both engines rejected the module: the generator produced an invalid one.</summary>
    GeneratorInvalid,
    Load,
    Instantiation,
    EngineException,
    TrapOrNot,
    TrapKind,
    Results,
    GuardFlag,
    /// <summary>Gas (fuel-intrinsic fuel) left after the call differs.</summary>
    Gas,
    State,
    /// <summary>Our interpreter and our compiled tier disagree (on anything: traps are compared with function and offset).</summary>
    TierParity,
}

/// <summary>The first point where the two engines disagreed on a case.</summary>
public sealed record Divergence(DivergenceKind Kind, int CallIndex, string Description, string Ours, string Theirs)
{
    /// <summary>Which runner <see cref="Ours"/> came from (our engine's tier).</summary>
    public string OursName { get; init; } = "contracts";
    public string TheirsName { get; init; } = "wasmtime";

    public override string ToString() =>
        $"{Kind} at call {CallIndex}: {Description}\n  {OursName}: {Ours}\n  {TheirsName}: {Theirs}";
}
