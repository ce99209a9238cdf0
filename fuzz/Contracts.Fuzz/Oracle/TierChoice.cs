namespace Contracts.Fuzz.Oracle;

/// <summary>Which of our engine's tiers the differential run uses (<c>--tier</c>).</summary>
public enum TierChoice
{
    /// <summary>The interpreter against Wasmtime.</summary>
    Interpreter,
    /// <summary>The compiled tier against Wasmtime.</summary>
    Compiled,
    /// <summary>Both tiers against Wasmtime, and the compiled tier against the interpreter, strictly.</summary>
    Both,
}

public static class TierChoices
{
    public static TierChoice Parse(string text) => text switch
    {
        "interpreter" => TierChoice.Interpreter,
        "compiled" => TierChoice.Compiled,
        "both" => TierChoice.Both,
        _ => throw new FormatException($"--tier takes interpreter, compiled or both, not \"{text}\""),
    };

    /// <summary>Our runners for <paramref name="choice"/>: the first compared with Wasmtime, the second (or null) also and with the first.</summary>
    public static (ContractsEngineRunner First, ContractsEngineRunner? Second) Runners(TierChoice choice) => choice switch
    {
        TierChoice.Compiled => (ContractsEngineRunner.Compiled(), null),
        TierChoice.Both => (ContractsEngineRunner.Interpreter(), ContractsEngineRunner.Compiled()),
        _ => (ContractsEngineRunner.Interpreter(), null),
    };
}
