namespace Contracts.Execution.Processing;

/// <summary>
/// A transaction that cannot be included in the block (it changes nothing, not even the nonce). The message is
/// geth's wording (<c>nonce too low: …</c>, <c>insufficient funds for gas * price + value: …</c>), which wallets and
/// tools recognise.
/// </summary>
public sealed class InvalidTransactionException(string message) : Exception(message);
