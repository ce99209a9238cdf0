using Contracts.Fuzz.Generation;
using Contracts.Fuzz.Oracle;
using Contracts.GasMetering;

namespace Contracts.Engine.Compiler.Tests;

/// <summary>Runs a generated case on the interpreter and on the compiled tier and says where they first differ.</summary>
internal static class TierParity
{
    public static readonly EngineConfig Interpreted = GasEngineConfig.Default with { Tier = ExecutionTier.Interpreter };
    public static readonly EngineConfig Compiled = IlTier.Configure(GasEngineConfig.Default, ExecutionTier.Compiled);

    /// <summary>Null when both tiers agree on everything observable: load and instantiation errors, and per call the
    /// trap (kind, function, offset), results, guard flag, fuel left, exported globals, memory and tables.</summary>
    public static string? FirstDifference(FuzzCase fuzzCase, RunSettings? settings = null) =>
        FirstDifference(fuzzCase.Encode(), fuzzCase.Invocations, settings ?? RunSettings.Default);

    public static string? FirstDifference(byte[] wasm, IReadOnlyList<Invocation> calls, RunSettings settings)
    {
        using var interpreter = new ContractsEngineRunner(Interpreted);
        using var compiled = new ContractsEngineRunner(Compiled);
        var a = interpreter.Run(wasm, calls, settings);
        var b = compiled.Run(wasm, calls, settings);
        if (a.LoadError != b.LoadError) return $"load: {a.LoadError} vs {b.LoadError}";
        if (a.InstantiationError != b.InstantiationError) return $"instantiation: {a.InstantiationError} vs {b.InstantiationError}";
        if (a.Calls.Count != b.Calls.Count) return $"calls: {a.Calls.Count} vs {b.Calls.Count}";
        for (int i = 0; i < a.Calls.Count; i++)
        {
            string x = a.Calls[i].Describe(), y = b.Calls[i].Describe();
            if (x != y) return $"call {i}: interpreter {x}\n        compiled {y}";
            if (a.Calls[i].State.FirstDifference(b.Calls[i].State) is { } state) return $"call {i}: {state}";
        }
        return null;
    }
}
