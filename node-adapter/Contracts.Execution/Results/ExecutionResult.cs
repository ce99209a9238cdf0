using Contracts.State.Primitives;

namespace Contracts.Execution.Results;

/// <summary>
/// The outcome of executing one transaction: success or why not, the chain gas it used (after the refund), what it
/// returned (or its revert data) and the logs it emitted (none unless it succeeded). A deploy names the new contract.
/// </summary>
public sealed record ExecutionResult
{
    public required ExecutionFailure Failure { get; init; }

    public bool Succeeded => Failure == ExecutionFailure.None;

    /// <summary>A human-readable account of a failure (e.g. the trap with function name and offset); empty on success.</summary>
    public string Message { get; init; } = "";

    /// <summary>Chain gas charged to the sender: intrinsic + execution − refund.</summary>
    public required ulong GasUsed { get; init; }

    /// <summary>Chain gas given back for cleared storage (already subtracted from <see cref="GasUsed"/>).</summary>
    public ulong GasRefunded { get; init; }

    /// <summary>The top frame's output, or its revert data when <see cref="ExecutionFailure.Reverted"/>.</summary>
    public ReadOnlyMemory<byte> ReturnData { get; init; }

    public IReadOnlyList<Log> Logs { get; init; } = [];

    /// <summary>The deployed contract's address, for a successful deploy.</summary>
    public Address? ContractAddress { get; init; }

    public bool Equals(ExecutionResult? other) =>
        other is not null && Failure == other.Failure && Message == other.Message && GasUsed == other.GasUsed
        && GasRefunded == other.GasRefunded && ReturnData.Span.SequenceEqual(other.ReturnData.Span)
        && Logs.SequenceEqual(other.Logs) && ContractAddress == other.ContractAddress;

    public override int GetHashCode() => HashCode.Combine(Failure, GasUsed, ReturnData.Length, Logs.Count);
}
