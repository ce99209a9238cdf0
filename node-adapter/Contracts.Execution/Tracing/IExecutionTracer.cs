using Contracts.Execution.Calls;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tracing;

/// <summary>
/// Observes a transaction as it runs: call frames (entered and left, with gas), every host call (its name, the gas
/// before and after it, and its result), logs, debug-log messages and traps (with the function, by index and name of
/// the module as deployed). <c>debug_traceTransaction</c> and <c>contract-cli trace</c> build on it. Tracing changes
/// nothing: the same transaction gives the same result, gas and state with or without a tracer.
/// </summary>
public interface IExecutionTracer
{
    void OnFrameEnter(int depth, CallKind kind, Address from, Address to, UInt256 value, ReadOnlyMemory<byte> input, long gas);

    void OnFrameExit(int depth, CallStatus status, ReadOnlyMemory<byte> output, long gasUsed, ExecutionFailure failure, string message);

    /// <summary>A host function returned (or trapped): its gas before and after, and its result (or the trap).</summary>
    void OnHostCall(int depth, string name, long gasBefore, long gasAfter, string result);

    void OnLog(int depth, Log log);

    void OnDebugLog(int depth, Address contract, string message);

    /// <summary>A frame trapped; <paramref name="description"/> names the trap, the function (index and name) and the offset.</summary>
    void OnTrap(int depth, string description);
}
