namespace Contracts.GasMetering;

/// <summary>What the instrumenter did to one defined function.</summary>
/// <param name="OriginalIndex">Index in the original module's function index space.</param>
/// <param name="InstrumentedIndex">Index in the instrumented module.</param>
/// <param name="FrameCost">Stack-height slots its frame costs (parameters + locals + maximum operand depth, at least 1).</param>
/// <param name="StackCounted">Whether its frame is counted by the stack-height limiter (small leaf functions are not).</param>
/// <param name="ChargeCount">Calls to <c>gas.charge</c> in its body (block and dynamic charges).</param>
/// <param name="OffsetRuns">
/// Where its original bytes went: triples (position in the instrumented body's code expression, offset in the original
/// module, length), in order; the bytes between runs are the instrumentation's own.
/// </param>
public sealed record InstrumentedFunction(uint OriginalIndex, uint InstrumentedIndex, uint FrameCost, bool StackCounted, int ChargeCount,
    int[] OffsetRuns)
{
    /// <summary>
    /// The original module offset of <paramref name="position"/> (relative to the instrumented body's code): inside a
    /// copied run, the same byte of the original; inside the instrumentation's own code (a charge, the stack-height
    /// prologue), the original instruction it precedes, or the function's last original byte after the final one.
    /// </summary>
    public int ToOriginalOffset(int position)
    {
        var runs = OffsetRuns;
        int count = runs.Length / 3;
        if (count == 0) return -1;
        // The first run ending after position.
        int lo = 0, hi = count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (runs[3 * mid] + runs[3 * mid + 2] <= position) lo = mid + 1;
            else hi = mid;
        }
        if (lo == count) return runs[3 * (count - 1) + 1] + runs[3 * (count - 1) + 2] - 1;
        int start = runs[3 * lo];
        return position >= start ? runs[3 * lo + 1] + (position - start) : runs[3 * lo + 1];
    }
}

/// <summary>The output of <see cref="GasInstrumenter"/>: the module's bytes and where things moved.</summary>
public sealed class InstrumentedModule(byte[] bytes, FunctionIndexMap functions, uint stackHeightGlobal, InstrumentationOptions options,
    IReadOnlyList<InstrumentedFunction> definedFunctions)
{
    public byte[] Bytes { get; } = bytes;
    public FunctionIndexMap Functions { get; } = functions;
    /// <summary>Global index of the stack-height counter (also exported as <see cref="GasImports.StackHeightExport"/>).</summary>
    public uint StackHeightGlobal { get; } = stackHeightGlobal;
    public InstrumentationOptions Options { get; } = options;
    /// <summary>One entry per defined function, in index order.</summary>
    public IReadOnlyList<InstrumentedFunction> DefinedFunctions { get; } = definedFunctions;
}
