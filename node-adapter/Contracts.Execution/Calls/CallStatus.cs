namespace Contracts.Execution.Calls;

/// <summary>The status a call or creation returns to its caller (host ABI "Status codes").</summary>
public enum CallStatus
{
    Success = 0,
    Reverted = 1,
    Failed = 2,
}
