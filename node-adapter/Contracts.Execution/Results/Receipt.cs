using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Execution.Results;

/// <summary>
/// A transaction's receipt. The consensus fields (<see cref="Type"/>, <see cref="Succeeded"/>,
/// <see cref="CumulativeGasUsed"/>, <see cref="Bloom"/>, <see cref="Logs"/>) are what Ethereum encodes into the
/// receipts trie (status 1/0, EIP-2718 typed envelopes); the rest are the per-transaction facts RPC and tools show.
/// The block hash and number are the chain layer's to add when the block is sealed.
/// </summary>
public sealed record Receipt
{
    public required TransactionType Type { get; init; }

    /// <summary>Status 1 (true) or 0 (false), as EIP-658 encodes it.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Chain gas used by this transaction and all before it in the block.</summary>
    public required ulong CumulativeGasUsed { get; init; }

    public required LogsBloom Bloom { get; init; }

    public required IReadOnlyList<Log> Logs { get; init; }

    public required Hash256 TransactionHash { get; init; }

    /// <summary>Position of the transaction in its block.</summary>
    public required int TransactionIndex { get; init; }

    public required Address From { get; init; }

    public Address? To { get; init; }

    /// <summary>Chain gas used by this transaction alone.</summary>
    public required ulong GasUsed { get; init; }

    /// <summary>The price per gas the sender paid (base fee + tip).</summary>
    public required UInt256 EffectiveGasPrice { get; init; }

    /// <summary>The contract a successful deploy created.</summary>
    public Address? ContractAddress { get; init; }

    /// <summary>Why it failed (not part of Ethereum's receipt; kept for traces, replay and RPC error messages).</summary>
    public ExecutionFailure Failure { get; init; }

    public bool Equals(Receipt? other) =>
        other is not null && Type == other.Type && Succeeded == other.Succeeded && CumulativeGasUsed == other.CumulativeGasUsed
        && Bloom.Equals(other.Bloom) && Logs.SequenceEqual(other.Logs) && TransactionHash == other.TransactionHash
        && TransactionIndex == other.TransactionIndex && From == other.From && To == other.To && GasUsed == other.GasUsed
        && EffectiveGasPrice == other.EffectiveGasPrice && ContractAddress == other.ContractAddress && Failure == other.Failure;

    public override int GetHashCode() => HashCode.Combine(TransactionHash, CumulativeGasUsed, Succeeded);
}
