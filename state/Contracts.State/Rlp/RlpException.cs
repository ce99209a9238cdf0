namespace Contracts.State.Rlp;

/// <summary>Bytes that are not canonical RLP (or not the RLP shape expected), with the offset where it went wrong.</summary>
public sealed class RlpException : FormatException
{
    public RlpException(string message, int offset)
        : base($"Invalid RLP at byte {offset}: {message}")
    {
        Offset = offset;
    }

    public int Offset { get; }
}
