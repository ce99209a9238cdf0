namespace Contracts.GasMetering;

/// <summary>What the instrumenter did to one defined function.</summary>
/// <param name="OriginalIndex">Index in the original module's function index space.</param>
/// <param name="InstrumentedIndex">Index in the instrumented module.</param>
/// <param name="FrameCost">Stack-height slots its frame costs (parameters + locals + maximum operand depth, at least 1).</param>
/// <param name="StackCounted">Whether its frame is counted by the stack-height limiter (small leaf functions are not).</param>
/// <param name="ChargeCount">Calls to <c>gas.charge</c> in its body (block and dynamic charges).</param>
public sealed record InstrumentedFunction(uint OriginalIndex, uint InstrumentedIndex, uint FrameCost, bool StackCounted, int ChargeCount);

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
