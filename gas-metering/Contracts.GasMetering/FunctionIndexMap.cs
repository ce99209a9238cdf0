namespace Contracts.GasMetering;

/// <summary>
/// How function indices moved: the two gas imports are added after the module's own imports, so imported functions
/// keep their index and every defined function moves up by two. Traps and traces of the instrumented module name
/// original functions through <see cref="ToOriginal"/>.
/// </summary>
public sealed class FunctionIndexMap(uint importedFunctionCount, uint originalFunctionCount)
{
    /// <summary>Functions the instrumenter adds to the index space (the two gas imports).</summary>
    public const uint AddedFunctions = 2;

    public uint ImportedFunctionCount { get; } = importedFunctionCount;
    public uint OriginalFunctionCount { get; } = originalFunctionCount;

    /// <summary>Index of <c>gas.charge</c> in the instrumented module.</summary>
    public uint ChargeFunction => ImportedFunctionCount;

    /// <summary>Index of <c>gas.stack_exhausted</c> in the instrumented module.</summary>
    public uint StackExhaustedFunction => ImportedFunctionCount + 1;

    public uint ToInstrumented(uint original)
    {
        if (original >= OriginalFunctionCount)
            throw new ArgumentOutOfRangeException(nameof(original), original, $"the original module has {OriginalFunctionCount} functions");
        return original < ImportedFunctionCount ? original : original + AddedFunctions;
    }

    /// <summary>The original index of an instrumented function, or null for the added gas imports (or out of range).</summary>
    public uint? ToOriginal(uint instrumented)
    {
        if (instrumented < ImportedFunctionCount) return instrumented;
        if (instrumented < ImportedFunctionCount + AddedFunctions) return null;
        uint original = instrumented - AddedFunctions;
        return original < OriginalFunctionCount ? original : null;
    }
}
