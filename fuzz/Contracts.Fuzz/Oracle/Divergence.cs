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
}

/// <summary>The first point where the two engines disagreed on a case.</summary>
public sealed record Divergence(DivergenceKind Kind, int CallIndex, string Description, string Ours, string Theirs)
{
    public override string ToString() =>
        $"{Kind} at call {CallIndex}: {Description}\n  contracts: {Ours}\n  wasmtime:  {Theirs}";
}
