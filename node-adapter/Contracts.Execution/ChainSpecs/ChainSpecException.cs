namespace Contracts.Execution.ChainSpecs;

/// <summary>A chain spec that cannot be read or breaks a rule; the message says where and what.</summary>
public sealed class ChainSpecException : Exception
{
    public ChainSpecException(string message) : base(message)
    {
    }

    public ChainSpecException(string message, Exception inner) : base(message, inner)
    {
    }
}
