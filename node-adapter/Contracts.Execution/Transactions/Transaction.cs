using Contracts.State.Primitives;

namespace Contracts.Execution.Transactions;

/// <summary>
/// A transaction as the execution layer runs it: the fields of a legacy (EIP-155) or EIP-1559 transaction with its
/// sender already recovered from the signature and its hash computed by the chain layer, which owns the signed
/// encoding. No <see cref="To"/> deploys <see cref="Data"/> (a module or a deploy envelope, see
/// node-adapter/docs/host-abi.md); a <see cref="To"/> calls that account with <see cref="Data"/> as input.
/// </summary>
public sealed record Transaction
{
    public TransactionType Type { get; init; } = TransactionType.DynamicFee;

    /// <summary>The chain id the signature commits to; null only for a pre-EIP-155 legacy transaction.</summary>
    public ulong? ChainId { get; init; }

    public ulong Nonce { get; init; }

    /// <summary>Legacy: the price per gas. Unused (zero) for <see cref="TransactionType.DynamicFee"/>.</summary>
    public UInt256 GasPrice { get; init; }

    /// <summary>EIP-1559: the most the sender pays the block producer per gas, on top of the base fee.</summary>
    public UInt256 MaxPriorityFeePerGas { get; init; }

    /// <summary>EIP-1559: the most the sender pays per gas in all (base fee + tip).</summary>
    public UInt256 MaxFeePerGas { get; init; }

    /// <summary>The most chain gas the transaction may use, intrinsic gas included.</summary>
    public ulong GasLimit { get; init; }

    /// <summary>The account called, or null to deploy a contract.</summary>
    public Address? To { get; init; }

    /// <summary>Wei transferred to <see cref="To"/> (or to the new contract).</summary>
    public UInt256 Value { get; init; }

    /// <summary>Call input, or deploy data when <see cref="To"/> is null.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>EIP-2930 access list (EIP-1559 transactions only; empty otherwise).</summary>
    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    /// <summary>The account that signed the transaction, recovered by the chain layer.</summary>
    public required Address Sender { get; init; }

    /// <summary>Keccak-256 of the signed encoding (the transaction's identity on the chain).</summary>
    public Hash256 Hash { get; init; }

    public bool IsCreate => To is null;

    /// <summary>The most the sender can pay per gas: the gas price (legacy) or the max fee per gas (EIP-1559).</summary>
    public UInt256 FeeCap => Type == TransactionType.Legacy ? GasPrice : MaxFeePerGas;

    /// <summary>The most the sender tips per gas: the gas price (legacy) or the max priority fee (EIP-1559).</summary>
    public UInt256 TipCap => Type == TransactionType.Legacy ? GasPrice : MaxPriorityFeePerGas;

    /// <summary>
    /// The price per gas actually paid in a block with <paramref name="baseFee"/>: base fee + min(tip cap, fee cap −
    /// base fee), as EIP-1559 defines it (a legacy transaction pays its gas price). Null when the fee cap is below the
    /// base fee (the transaction is not valid in that block).
    /// </summary>
    public UInt256? EffectiveGasPrice(UInt256 baseFee)
    {
        if (FeeCap < baseFee) return null;
        UInt256 headroom = FeeCap - baseFee;
        UInt256 tip = TipCap < headroom ? TipCap : headroom;
        return baseFee + tip;
    }

    public bool Equals(Transaction? other) =>
        other is not null && Type == other.Type && ChainId == other.ChainId && Nonce == other.Nonce && GasPrice == other.GasPrice
        && MaxPriorityFeePerGas == other.MaxPriorityFeePerGas && MaxFeePerGas == other.MaxFeePerGas && GasLimit == other.GasLimit
        && To == other.To && Value == other.Value && Data.Span.SequenceEqual(other.Data.Span)
        && AccessList.SequenceEqual(other.AccessList) && Sender == other.Sender && Hash == other.Hash;

    public override int GetHashCode() => HashCode.Combine(Hash, Sender, Nonce);
}
