using Contracts.Fuzz.Generation;

namespace Contracts.Fuzz.Oracle;

/// <summary>
/// Runs a case on our engine and on Wasmtime and compares, call by call: trap or not, trap kind where both name
/// one, result bits, the guard flag, fuel-intrinsic gas left, exported globals, memory (size and hash) and tables
/// (size and null pattern). Stops at the first difference.
/// With <paramref name="ourSecondTier"/> (our engine on its other tier) the case also runs there: that tier is compared
/// with Wasmtime the same way, and with <paramref name="ours"/> strictly (traps with kind, function and offset, results,
/// fuel left, globals, memory hash, tables), call by call.
/// </summary>
public sealed class DifferentialOracle(IEngineRunner ours, IEngineRunner theirs, RunSettings? settings = null, IEngineRunner? ourSecondTier = null)
{
    public RunSettings Settings { get; } = settings ?? RunSettings.Default;

    /// <summary>Our engine on its other tier, or null when only <c>ours</c> runs.</summary>
    public IEngineRunner? SecondTier { get; } = ourSecondTier;

    public Comparison Run(FuzzCase fuzzCase) => Run(fuzzCase.Encode(), fuzzCase.Invocations);

    public Comparison Run(byte[] wasm, IReadOnlyList<Invocation> calls) => Run(wasm, wasm, calls);

    /// <summary>Runs <paramref name="oursWasm"/> on our engine and <paramref name="theirsWasm"/> on Wasmtime (the same bytes except in planted-bug tests).</summary>
    public Comparison Run(byte[] oursWasm, byte[] theirsWasm, IReadOnlyList<Invocation> calls, RunSettings? settings = null)
    {
        settings ??= Settings;
        var first = ours.Run(oursWasm, calls, settings);
        var reference = theirs.Run(theirsWasm, calls, settings);
        var comparison = Compare(first, reference);
        if (SecondTier is null || comparison.Divergence is not null) return comparison;

        var second = SecondTier.Run(oursWasm, calls, settings);
        var againstWasmtime = Compare(second, reference);
        if (againstWasmtime.Divergence is { } divergence)
            return comparison with { Divergence = divergence with { OursName = SecondTier.Name } };
        var (tierCalls, difference) = CompareTiers(first, second);
        return comparison with
        {
            TierCallsCompared = tierCalls,
            Divergence = difference is null ? null : new Divergence(DivergenceKind.TierParity, difference.Value.Call, difference.Value.Description,
                difference.Value.First, difference.Value.Second) { OursName = ours.Name, TheirsName = SecondTier.Name },
        };
    }

    /// <summary>
    /// Two runs of our engine (interpreter and compiled tier) must agree on everything, strictly: load and
    /// instantiation errors, and per call the trap (kind, function, offset), results, guard flag, fuel left and state.
    /// </summary>
    public static (int Calls, (int Call, string Description, string First, string Second)? Difference) CompareTiers(CaseOutcome a, CaseOutcome b)
    {
        if (a.LoadError != b.LoadError) return (0, (-1, "module load", a.LoadError ?? "ok", b.LoadError ?? "ok"));
        if (a.InstantiationError != b.InstantiationError) return (0, (-1, "instantiation", a.InstantiationError ?? "ok", b.InstantiationError ?? "ok"));
        if (a.Calls.Count != b.Calls.Count) return (0, (-1, "call count", a.Calls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), b.Calls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        for (int i = 0; i < a.Calls.Count; i++)
        {
            string x = a.Calls[i].Describe(), y = b.Calls[i].Describe();
            if (x != y) return (i, (i, "tiers differ", x, y));
            if (a.Calls[i].State.FirstDifference(b.Calls[i].State) is { } state) return (i, (i, state, x, y));
        }
        return (a.Calls.Count, null);
    }

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
