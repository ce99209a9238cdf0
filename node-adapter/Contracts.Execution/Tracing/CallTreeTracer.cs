using Contracts.Execution.Calls;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tracing;

/// <summary>
/// A tracer that records the transaction as a tree of frames, each with its host calls, logs, debug messages and
/// trap: what <c>debug_traceTransaction</c> returns and <c>contract-cli trace</c> prints.
/// </summary>
public sealed class CallTreeTracer : IExecutionTracer
{
    private readonly Stack<TracedFrame> _open = new();

    /// <summary>The top frame once the transaction has run (null before).</summary>
    public TracedFrame? Root { get; private set; }

    public void OnFrameEnter(int depth, CallKind kind, Address from, Address to, UInt256 value, ReadOnlyMemory<byte> input, long gas)
    {
        var frame = new TracedFrame { Depth = depth, Kind = kind, From = from, To = to, Value = value, Input = input.ToArray(), Gas = gas };
        if (_open.TryPeek(out var parent)) parent.Children.Add(frame);
        else Root = frame;
        _open.Push(frame);
    }

    public void OnFrameExit(int depth, CallStatus status, ReadOnlyMemory<byte> output, long gasUsed, ExecutionFailure failure, string message)
    {
        var frame = _open.Pop();
        frame.Status = status;
        frame.Output = output.ToArray();
        frame.GasUsed = gasUsed;
        frame.Failure = failure;
        frame.Message = message;
    }

    public void OnHostCall(int depth, string name, long gasBefore, long gasAfter, string result)
    {
        if (_open.TryPeek(out var frame)) frame.HostCalls.Add(new TracedHostCall(name, gasBefore, gasAfter, result));
    }

    public void OnLog(int depth, Log log)
    {
        if (_open.TryPeek(out var frame)) frame.Logs.Add(log);
    }

    public void OnDebugLog(int depth, Address contract, string message)
    {
        if (_open.TryPeek(out var frame)) frame.DebugMessages.Add(message);
    }

    public void OnTrap(int depth, string description)
    {
        if (_open.TryPeek(out var frame)) frame.Trap = description;
    }
}

/// <summary>One host call in a trace.</summary>
public sealed record TracedHostCall(string Name, long GasBefore, long GasAfter, string Result)
{
    public long GasUsed => GasBefore - GasAfter;
}

/// <summary>One call frame in a trace, with the frames it called.</summary>
public sealed class TracedFrame
{
    public int Depth { get; init; }
    public CallKind Kind { get; init; }
    public Address From { get; init; }
    public Address To { get; init; }
    public UInt256 Value { get; init; }
    public byte[] Input { get; init; } = [];
    public long Gas { get; init; }
    public CallStatus Status { get; set; }
    public byte[] Output { get; set; } = [];
    public long GasUsed { get; set; }
    public ExecutionFailure Failure { get; set; }
    public string Message { get; set; } = "";
    public string? Trap { get; set; }
    public List<TracedHostCall> HostCalls { get; } = [];
    public List<Log> Logs { get; } = [];
    public List<string> DebugMessages { get; } = [];
    public List<TracedFrame> Children { get; } = [];
}
