namespace Contracts.Devnet.Rpc;

/// <summary>
/// A client connection the node can push to (a WebSocket): what subscriptions send their notifications through.
/// HTTP requests have none.
/// </summary>
public interface IRpcConnection
{
    /// <summary>Queues a notification; false when the connection is closed or so far behind that it was closed.</summary>
    bool TryNotify(byte[] message);

    /// <summary>Cancelled when the connection closes.</summary>
    CancellationToken Closed { get; }
}
