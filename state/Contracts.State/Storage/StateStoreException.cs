namespace Contracts.State.Storage;

/// <summary>A state store cannot do what was asked; <see cref="Kind"/> says why, the message says where.</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException(StateStoreErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public StateStoreErrorKind Kind { get; }
}
