using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Oracle;

/// <summary>
/// Runs a case on our engine and on Wasmtime and compares, call by call: trap or not, trap kind where both name
/// one, result bits, the guard flag, fuel-intrinsic gas left, exported globals, memory (size and hash) and tables
/// (size and null pattern). Stops at the first difference.
/// </summary>
public sealed class DifferentialOracle(IEngineRunner ours, IEngineRunner theirs, RunSettings? settings = null)
{
    public RunSettings Settings { get; } = settings ?? RunSettings.Default;

    public Comparison Run(FuzzCase fuzzCase) => Run(fuzzCase.Encode(), fuzzCase.Invocations);

    public Comparison Run(byte[] wasm, IReadOnlyList<Invocation> calls) => Run(wasm, wasm, calls);

    /// <summary>Runs <paramref name="oursWasm"/> on our engine and <paramref name="theirsWasm"/> on Wasmtime (the same bytes except in planted-bug tests).</summary>
    public Comparison Run(byte[] oursWasm, byte[] theirsWasm, IReadOnlyList<Invocation> calls, RunSettings? settings = null) =>
        Compare(ours.Run(oursWasm, calls, settings ?? Settings), theirs.Run(theirsWasm, calls, settings ?? Settings));

    public static Comparison Compare(CaseOutcome a, CaseOutcome b)
    {
        if (a.LoadError is not null || b.LoadError is not null)
        {
            if (a.LoadError is not null && a.LoadError.StartsWith("ENGINE EXCEPTION", StringComparison.Ordinal))
                return Diverged(DivergenceKind.EngineException, -1, "compile threw", a.LoadError, b.LoadError ?? "ok");
            var kind = a.LoadError is not null && b.LoadError is not null ? DivergenceKind.GeneratorInvalid : DivergenceKind.Load;
            return Diverged(kind, -1, "module load", a.LoadError ?? "ok", b.LoadError ?? "ok");
        }
        if (a.InstantiationError is not null || b.InstantiationError is not null)
        {
            if (a.InstantiationError is not null && b.InstantiationError is not null
                && !a.InstantiationError.StartsWith("ENGINE EXCEPTION", StringComparison.Ordinal))
                return new Comparison();
            return Diverged(DivergenceKind.Instantiation, -1, "instantiation", a.InstantiationError ?? "ok", b.InstantiationError ?? "ok");
        }

        var trapKinds = new List<TrapClass>();
        int compared = 0, traps = 0, fuelTrips = 0, depthTrips = 0, native = 0, backstops = 0, outOfFuel = 0;
        Comparison Counts(Divergence? divergence) => new()
        {
            Divergence = divergence,
            CallsCompared = compared,
            Traps = traps,
            GuardFuelTrips = fuelTrips,
            DepthLimiterTrips = depthTrips,
            NativeStackExhaustions = native,
            Backstops = backstops,
            IntrinsicOutOfFuel = outOfFuel,
            Instantiated = true,
            TrapKinds = trapKinds,
        };

        int count = Math.Min(a.Calls.Count, b.Calls.Count);
        for (int i = 0; i < count; i++)
        {
            var x = a.Calls[i];
            var y = b.Calls[i];
            if (x.Trap == TrapClass.BackstopFuel || y.Trap == TrapClass.BackstopFuel)
            {
                backstops++;
                return Counts(null);
            }
            if (x.Trap == TrapClass.StackExhausted || y.Trap == TrapClass.StackExhausted)
            {
                // Engines' own stacks differ in depth; the state after such a call is not comparable either.
                native++;
                return Counts(null);
            }
            compared++;
            if (x.Trap == TrapClass.EngineException)
                return Counts(new Divergence(DivergenceKind.EngineException, i, "our engine threw", x.Describe(), y.Describe()));
            if ((x.Trap == TrapClass.None) != (y.Trap == TrapClass.None))
                return Counts(new Divergence(DivergenceKind.TrapOrNot, i, "one engine trapped", x.Describe(), y.Describe()));
            if (x.Trap != TrapClass.None)
            {
                traps++;
                trapKinds.Add(x.Trap == TrapClass.Unreachable && x.GuardFlag != 0 ? (x.GuardFlag == 1 ? TrapClass.OutOfFuel : TrapClass.StackHeightExhausted) : x.Trap);
                if (x.Trap != y.Trap && x.Trap != TrapClass.Other && y.Trap != TrapClass.Other)
                    return Counts(new Divergence(DivergenceKind.TrapKind, i, $"trap {x.Trap} vs {y.Trap}", x.Describe(), y.Describe()));
                if (x.Trap == TrapClass.OutOfFuel) outOfFuel++;
            }
            else if (!x.Results.AsSpan().SequenceEqual(y.Results))
            {
                return Counts(new Divergence(DivergenceKind.Results, i, "results differ", x.Describe(), y.Describe()));
            }
            if (x.GuardFlag != y.GuardFlag)
                return Counts(new Divergence(DivergenceKind.GuardFlag, i, $"guard flag {x.GuardFlag} vs {y.GuardFlag}", x.Describe(), y.Describe()));
            if (x.GuardFlag == 1) fuelTrips++;
            if (x.GuardFlag == 2) depthTrips++;
            if (x.FuelLeft != y.FuelLeft)
                return Counts(new Divergence(DivergenceKind.Gas, i, $"gas left {x.FuelLeft} vs {y.FuelLeft}", x.Describe(), y.Describe()));
            if (x.State.FirstDifference(y.State) is { } difference)
                return Counts(new Divergence(DivergenceKind.State, i, difference, x.Describe(), y.Describe()));
        }
        return Counts(null);
    }

    private static Comparison Diverged(DivergenceKind kind, int call, string description, string ours, string theirs) =>
        new() { Divergence = new Divergence(kind, call, description, ours, theirs) };
}
