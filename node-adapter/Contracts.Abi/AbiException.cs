namespace Contracts.Abi;

/// <summary>
/// A value, type, signature, ABI document or encoding that the Ethereum ABI codec refuses; the message says what and
/// where (the parameter or the byte offset).
/// </summary>
public sealed class AbiException(string message) : Exception(message);
