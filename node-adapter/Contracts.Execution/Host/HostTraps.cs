using Contracts.Engine.Runtime;
using Contracts.Execution.Calls;
using Contracts.Execution.Results;

namespace Contracts.Execution.Host;

/// <summary>The traps host functions raise, recording on the frame the reason the engine's trap kinds cannot carry.</summary>
internal static class HostTraps
{
    public static Trap OutOfBounds() => new(TrapKind.MemoryOutOfBounds);

    public static Trap OutOfGas(Store store)
    {
        store.Fuel = 0;
        return new Trap(TrapKind.OutOfFuel, "out of gas");
    }

    public static Trap StaticViolation(CallFrame frame, string what) =>
        Fail(frame, ExecutionFailure.StaticViolation, $"StaticViolation: {what} in a static frame");

    public static Trap LimitExceeded(CallFrame frame, string what) =>
        Fail(frame, ExecutionFailure.Trap, $"HostLimitExceeded: {what}");

    public static Trap ReturnDataOutOfBounds(CallFrame frame) =>
        Fail(frame, ExecutionFailure.Trap, "ReturnDataOutOfBounds: return_data_copy past the end of the return data");

    public static Trap Revert(CallFrame frame)
    {
        frame.Reverted = true;
        return new Trap(TrapKind.HostError, "reverted");
    }

    private static Trap Fail(CallFrame frame, ExecutionFailure failure, string message)
    {
        frame.HostFailure = failure;
        frame.HostFailureMessage = message;
        return new Trap(TrapKind.HostError, message);
    }
}
