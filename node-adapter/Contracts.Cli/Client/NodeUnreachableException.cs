namespace Contracts.Cli.Client;

/// <summary>Nothing answered JSON-RPC at <see cref="Endpoint"/>: refused, timed out, or something else is listening.</summary>
public sealed class NodeUnreachableException(Uri endpoint, string reason, Exception? inner = null)
    : Exception($"cannot reach a node at {endpoint}: {reason}", inner)
{
    public Uri Endpoint { get; } = endpoint;

    public string Reason { get; } = reason;
}
