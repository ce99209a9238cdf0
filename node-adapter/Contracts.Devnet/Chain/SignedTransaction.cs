using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Chain;

/// <summary>
/// A transaction with its signature: <see cref="Transaction"/> carries the recovered sender and the hash; V is the
/// y-parity (EIP-1559) or the EIP-155 v (legacy); <see cref="Raw"/> is the signed encoding.
/// </summary>
public sealed record SignedTransaction(Transaction Transaction, UInt256 V, UInt256 R, UInt256 S, ReadOnlyMemory<byte> Raw)
{
    public Hash256 Hash => Transaction.Hash;

    public Address Sender => Transaction.Sender;

    public ulong Nonce => Transaction.Nonce;
}

/// <summary>A transaction in a sealed block.</summary>
public sealed record IncludedTransaction(SignedTransaction Signed, Hash256 BlockHash, ulong BlockNumber, int Index, UInt256 BaseFee);

/// <summary>A block just sealed: the block, its receipts, and the candidates left out with geth's reason.</summary>
public sealed record SealedBlock(DevnetBlock Block, IReadOnlyList<Contracts.Execution.Results.Receipt> Receipts, IReadOnlyList<RejectedTransaction> Rejected);

public sealed record RejectedTransaction(SignedTransaction Transaction, string Reason);

/// <summary>The outcome of a gas estimate: the gas, or the failing run at the block gas limit.</summary>
public sealed record GasEstimate(ulong Gas, Contracts.Execution.Results.ExecutionResult? Failure);
