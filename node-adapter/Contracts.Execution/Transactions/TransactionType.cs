namespace Contracts.Execution.Transactions;

/// <summary>The EIP-2718 envelope type of a transaction (the byte before its RLP payload; none for legacy).</summary>
public enum TransactionType : byte
{
    /// <summary>A legacy transaction with a single gas price; signed with EIP-155 replay protection (or without a chain id).</summary>
    Legacy = 0,

    /// <summary>An EIP-1559 transaction: max fee and max priority fee per gas, an access list.</summary>
    DynamicFee = 2,
}
