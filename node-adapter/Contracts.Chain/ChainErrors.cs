namespace Contracts.Chain;

/// <summary>A block that cannot be executed or imported: a bad header field or an invalid transaction, named.</summary>
public sealed class InvalidBlockException(string message) : Exception(message)
{
}

/// <summary>The chain's store cannot be used with this chain spec (a different genesis, a corrupt record).</summary>
public sealed class ChainStoreException(string message, Exception? inner = null) : Exception(message, inner)
{
}
