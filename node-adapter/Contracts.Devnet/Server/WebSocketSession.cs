using System.Net.WebSockets;
using System.Threading.Channels;
using Contracts.Devnet.Rpc;

namespace Contracts.Devnet.Server;

/// <summary>
/// One WebSocket connection: each text message is a JSON-RPC request or batch, answered in order; subscription
/// notifications are pushed between answers. A message over the body limit closes the connection with "message too
/// big" after an error reply; nothing is buffered beyond it. Everything sent goes through one bounded queue and one
/// writer, so a client that stops reading is closed once <see cref="MaxQueuedMessages"/> are waiting, rather than
/// making the node hold its notifications without bound.
/// </summary>
internal sealed class WebSocketSession(WebSocket socket, JsonRpcDispatcher rpc, RpcLimits limits) : IRpcConnection
{
    public const int MaxQueuedMessages = 10_000;

    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _closed = new();

    public CancellationToken Closed => _closed.Token;

    public bool TryNotify(byte[] message)
    {
        if (_closed.IsCancellationRequested) return false;
        if (_outbox.Writer.TryWrite(message)) return true;
        // Too far behind: close rather than buffer (the reader loop sees the abort and ends the session).
        _outbox.Writer.TryComplete();
        socket.Abort();
        return false;
    }

    public async Task RunAsync(CancellationToken cancellation)
    {
        var writer = Task.Run(() => WriteAllAsync(cancellation), CancellationToken.None);
        try
        {
            await ReadAllAsync(cancellation);
        }
        finally
        {
            _closed.Cancel();
            _outbox.Writer.TryComplete();
            try { await writer; }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException) { }
            _closed.Dispose();
        }
    }

    private async Task ReadAllAsync(CancellationToken cancellation)
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
                    _outbox.Writer.TryComplete();
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                if (message.Length + received.Count > limits.MaxRequestBytes)
                {
                    await _outbox.Writer.WriteAsync(JsonRpcDispatcher.ErrorOnly(RpcErrorCodes.InvalidRequest, $"message too large: limit {limits.MaxRequestBytes} bytes"), cancellation);
                    _outbox.Writer.TryComplete(new MessageTooBigException());
                    return;
                }
                message.Write(chunk, 0, received.Count);
                if (!received.EndOfMessage) continue;
                var response = await rpc.HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length), cancellation, this);
                message.SetLength(0);
                if (response is not null) await _outbox.Writer.WriteAsync(response, cancellation);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ChannelClosedException)
        {
            // The client went away (or was too slow and was closed): nothing to answer.
        }
    }

    private async Task WriteAllAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var payload in _outbox.Reader.ReadAllAsync(cancellation))
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellation);
            await _outbox.Reader.Completion;
        }
        catch (MessageTooBigException)
        {
            await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None);
        }
    }

    private sealed class MessageTooBigException : Exception;
}
