using System.Net.WebSockets;
using Contracts.Devnet.Rpc;

namespace Contracts.Devnet.Server;

/// <summary>
/// One WebSocket connection: each text message is a JSON-RPC request or batch, answered in order. A message over the
/// body limit closes the connection with "message too big" after an error reply; nothing is buffered beyond it.
/// </summary>
internal sealed class WebSocketSession(WebSocket socket, JsonRpcDispatcher rpc, RpcLimits limits)
{
    public async Task RunAsync(CancellationToken cancellation)
    {
        var chunk = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && !cancellation.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(chunk, cancellation);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                if (message.Length + received.Count > limits.MaxRequestBytes)
                {
                    await SendAsync(JsonRpcDispatcher.ErrorOnly(RpcErrorCodes.InvalidRequest, $"message too large: limit {limits.MaxRequestBytes} bytes"), cancellation);
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None);
                    return;
                }
                message.Write(chunk, 0, received.Count);
                if (!received.EndOfMessage) continue;
                var response = await rpc.HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length), cancellation);
                message.SetLength(0);
                if (response is not null) await SendAsync(response, cancellation);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away: nothing to answer.
        }
    }

    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Sends one message; subscriptions may send from other threads, so sends are serialised.</summary>
    public async Task SendAsync(byte[] payload, CancellationToken cancellation)
    {
        await _sending.WaitAsync(cancellation);
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellation);
        }
        finally
        {
            _sending.Release();
        }
    }
}
