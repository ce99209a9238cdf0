namespace Contracts.Chain;

/// <summary>A block that cannot be executed or imported: a bad header field or an invalid transaction, named.</summary>
public sealed class InvalidBlockException(string message, int? transactionIndex = null, string? transactionError = null) : Exception(message)
{
    /// <summary>The index of the transaction that could not be applied, when a transaction is the cause.</summary>
    public int? TransactionIndex { get; } = transactionIndex;

    /// <summary>Why that transaction could not be applied (geth's wording), when a transaction is the cause.</summary>
    public string? TransactionError { get; } = transactionError;
}

/// <summary>The chain's store cannot be used with this chain spec (a different genesis, a corrupt record).</summary>
public sealed class ChainStoreException(string message, Exception? inner = null) : Exception(message, inner)
{
}
