using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Calls;

/// <summary>What a finished frame hands back to its caller: status, output or revert data, gas left, and why it failed.</summary>
internal readonly record struct FrameResult(CallStatus Status, byte[] Output, long GasLeft, ExecutionFailure Failure, string Message, Address? Created = null)
{
    public static FrameResult Fail(ExecutionFailure failure, string message, long gasLeft) =>
        new(CallStatus.Failed, [], gasLeft, failure, message);
}
