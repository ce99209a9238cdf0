using Contracts.Abi;

namespace Contracts.Cli.Client.Tracing;

/// <summary>
/// Names the frames of a trace as a developer knows them: the function called, found by its selector in the callee's
/// embedded ABI (<c>add</c>), with its decoded arguments where they decode; a deployment is the constructor.
/// </summary>
internal sealed class TraceNames(ContractAbis abis)
{
    /// <summary>The function's name alone (for the flame graph and the gas table), e.g. <c>add</c> or <c>0x1003e2d2</c>.</summary>
    public string Function(TraceFrame frame)
    {
        if (IsCreate(frame)) return "constructor";
        if (frame.Input.Length < 4) return frame.Input.Length == 0 ? "(value transfer)" : RpcHex.Data(frame.Input);
        return FunctionOf(frame)?.Name ?? RpcHex.Data(frame.Input.AsSpan(0, 4));
    }

    /// <summary>The call with its arguments when the ABI decodes them: <c>add(amount=7)</c>.</summary>
    public string Call(TraceFrame frame)
    {
        if (IsCreate(frame) || frame.Input.Length < 4 || FunctionOf(frame) is not { } function) return Function(frame);
        try
        {
            return AbiOutput.Inline(function.Name, function.Inputs, function.DecodeCall(frame.Input));
        }
        catch (AbiException)
        {
            return function.Name + "(…)";
        }
    }

    /// <summary>The ABI of the frame's callee, when its code embeds one.</summary>
    public ContractAbi? AbiOf(TraceFrame frame) => frame.To is { } to ? abis.For(to) : null;

    /// <summary>A frame's label in the flame graph: its function, then the contract (short), e.g. <c>add @0x5fbd…0aa3</c>.</summary>
    public string Label(TraceFrame frame) => frame.To is { Length: 42 } to ? $"{Function(frame)} @{to[..6]}…{to[^4..]}" : Function(frame);

    private AbiFunction? FunctionOf(TraceFrame frame) => AbiOf(frame)?.FindFunction(frame.Input.AsSpan(0, 4));

    private static bool IsCreate(TraceFrame frame) => frame.Kind.StartsWith("CREATE", StringComparison.Ordinal) || frame.Kind == "DEPLOY";
}
