using Contracts.Engine.Runtime;
using Contracts.Execution.Deployment;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Calls;

/// <summary>
/// One running nanoprocess: the contract, who called it with what, whether it is static, its own store (fuel) and
/// memory, and the outcome the host functions record (output, revert, a host trap's reason). It is the
/// <see cref="Store.Data"/> every host function of its instance receives.
/// </summary>
internal sealed class CallFrame
{
    public required ExecutionSession Session { get; init; }
    public required Address Address { get; init; }
    public required Address Caller { get; init; }
    public required UInt256 Value { get; init; }
    public required ReadOnlyMemory<byte> Input { get; init; }
    public required bool IsStatic { get; init; }
    public required int Depth { get; init; }
    public required ContractModule Contract { get; init; }

    public Memory? Memory { get; set; }

    public byte[] Output { get; set; } = [];

    public byte[] ReturnData { get; set; } = [];

    /// <summary>Set by <c>revert</c>: the frame ends with status 1 and <see cref="Output"/> as revert data.</summary>
    public bool Reverted { get; set; }

    /// <summary>Set by a host function that traps for a reason the engine has no kind for (static violation, limits).</summary>
    public ExecutionFailure HostFailure { get; set; }

    public string? HostFailureMessage { get; set; }
}
