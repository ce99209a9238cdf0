namespace Contracts.Cli;

/// <summary>The CLI's exit codes; scripts rely on them, so they never change meaning.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary><c>run</c>: the call (or the start function) trapped. <c>wast</c>: some test failed.</summary>
    public const int TrapOrTestFailure = 1;
    /// <summary>Bad usage, missing or unreadable file, or a module that failed to decode, validate or link.</summary>
    public const int UsageOrLoadError = 2;
    /// <summary>The engine threw something it should not have: a bug, reported rather than crashing.</summary>
    public const int InternalError = 3;
    /// <summary><c>replay</c>: a block did not re-execute to what was recorded. <c>import</c>: a block did not reproduce its header.</summary>
    public const int ReplayDivergence = 4;
    /// <summary><c>call</c>, <c>send</c>, <c>deploy</c>: the transaction (or call) reverted, failed, or the node refused it.</summary>
    public const int TransactionFailed = 5;
    /// <summary>The node's client commands: nothing answered JSON-RPC at the URL given (refused, timed out, not JSON-RPC).</summary>
    public const int NodeUnreachable = 6;
}
