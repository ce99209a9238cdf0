using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.Transactions;

/// <summary>
/// The fields a sender signs: a legacy (EIP-155) or EIP-1559 transaction before its signature. No <see cref="To"/>
/// deploys <see cref="Data"/>; a <see cref="To"/> calls that account. Sign it with <see cref="TransactionSigner"/>.
/// </summary>
public sealed record UnsignedTransaction
{
    public TransactionType Type { get; init; } = TransactionType.DynamicFee;

    /// <summary>The chain id the signature commits to; null only for a pre-EIP-155 legacy transaction.</summary>
    public ulong? ChainId { get; init; }

    public ulong Nonce { get; init; }

    /// <summary>Legacy only: the price per gas.</summary>
    public UInt256 GasPrice { get; init; }

    public UInt256 MaxPriorityFeePerGas { get; init; }

    public UInt256 MaxFeePerGas { get; init; }

    public ulong GasLimit { get; init; }

    public Address? To { get; init; }

    public UInt256 Value { get; init; }

    public ReadOnlyMemory<byte> Data { get; init; }

    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    public bool Equals(UnsignedTransaction? other) =>
        other is not null && Type == other.Type && ChainId == other.ChainId && Nonce == other.Nonce && GasPrice == other.GasPrice
        && MaxPriorityFeePerGas == other.MaxPriorityFeePerGas && MaxFeePerGas == other.MaxFeePerGas && GasLimit == other.GasLimit
        && To == other.To && Value == other.Value && Data.Span.SequenceEqual(other.Data.Span) && AccessList.SequenceEqual(other.AccessList);

    public override int GetHashCode() => HashCode.Combine(Type, Nonce, To, GasLimit);
}
