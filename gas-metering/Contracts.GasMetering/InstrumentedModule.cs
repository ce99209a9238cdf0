namespace Contracts.GasMetering;

/// <summary>The output of <see cref="GasInstrumenter"/>: the module's bytes and where things moved.</summary>
public sealed class InstrumentedModule(byte[] bytes, FunctionIndexMap functions, uint stackHeightGlobal, InstrumentationOptions options)
{
    public byte[] Bytes { get; } = bytes;
    public FunctionIndexMap Functions { get; } = functions;
    /// <summary>Global index of the stack-height counter (also exported as <see cref="GasImports.StackHeightExport"/>).</summary>
    public uint StackHeightGlobal { get; } = stackHeightGlobal;
    public InstrumentationOptions Options { get; } = options;
}
