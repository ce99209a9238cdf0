using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Devnet.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Contracts.Devnet.Server;

/// <summary>
/// The devnet's network face: Kestrel on 127.0.0.1 serving JSON-RPC 2.0 over HTTP POST and over WebSocket on
/// <c>/</c>. Kestrel's limits bound what a client can make the node hold: the body size (checked before it is read),
/// the number of connections, idle keep-alives and slow headers; the dispatcher bounds batches and nesting.
/// </summary>
public sealed class DevnetServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevnetServer(WebApplication app, DevnetNode node, JsonRpcDispatcher rpc, Uri url)
    {
        _app = app;
        Node = node;
        Rpc = rpc;
        Url = url;
    }

    public DevnetNode Node { get; }

    public JsonRpcDispatcher Rpc { get; }

    /// <summary>The HTTP URL the server listens on (the WebSocket URL is the same with <c>ws://</c>).</summary>
    public Uri Url { get; }

    /// <summary>The RPC methods of a node, registered on a new dispatcher.</summary>
    public static JsonRpcDispatcher CreateDispatcher(DevnetNode node)
    {
        var rpc = new JsonRpcDispatcher(node.Options.Limits);
        new EthRpcModule(node).RegisterOn(rpc);
        new TestHelpersRpcModule(node).RegisterOn(rpc);
        new FilterRpcModule(node).RegisterOn(rpc);
        new SubscriptionRpcModule(node).RegisterOn(rpc);
        new TraceRpcModule(node).RegisterOn(rpc);
        MemoryStatsRpcModule.RegisterOn(rpc);
        return rpc;
    }

    /// <summary>Starts serving <paramref name="chain"/>; the server owns the chain from here on and disposes it.</summary>
    public static Task<DevnetServer> StartAsync(IDevnetChain chain, DevnetOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return StartAsync(() => chain, options, cancellation);
    }

    /// <summary>
    /// Starts serving the chain <paramref name="openChain"/> opens; the server owns it from then on and disposes it. The
    /// chain is opened (genesis built, or the data directory read) on a worker thread while Kestrel starts, and requests
    /// that arrive before it is ready wait for it: the node answers its first request sooner. An exception of
    /// <paramref name="openChain"/> is rethrown once Kestrel is stopped again.
    /// </summary>
    public static async Task<DevnetServer> StartAsync(Func<IDevnetChain> openChain, DevnetOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(openChain);
        ArgumentNullException.ThrowIfNull(options);
        var opening = Task.Run(() =>
        {
            var node = new DevnetNode(openChain(), options);
            return (Node: node, Rpc: CreateDispatcher(node));
        });
        var limits = options.Limits;

        // The empty builder: no configuration files (and no watcher on them), no logging providers, no routing; Kestrel
        // alone, which is what a local node needs and what starts fastest.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            kestrel.Limits.KeepAliveTimeout = limits.IdleTimeout;
            kestrel.Limits.RequestHeadersTimeout = limits.IdleTimeout;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Run(async context =>
        {
            if (context.Request.Path.HasValue && context.Request.Path.Value != "/")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var (_, rpc) = await opening.WaitAsync(context.RequestAborted);
            await HandleAsync(context, rpc, limits);
        });

        try
        {
            await app.StartAsync(cancellation);
        }
        catch
        {
            await app.DisposeAsync();
            try { await (await opening).Node.DisposeAsync(); }
            catch (Exception e) when (e is not OutOfMemoryException) { } // the listen failure is the error to report
            throw;
        }
        (DevnetNode Node, JsonRpcDispatcher Rpc) ready;
        try
        {
            ready = await opening;
        }
        catch
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevnetServer(app, ready.Node, ready.Rpc, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    private static async Task HandleAsync(HttpContext context, JsonRpcDispatcher rpc, RpcLimits limits)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await new WebSocketSession(socket, rpc, limits).RunAsync(context.RequestAborted);
            return;
        }
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (context.Request.ContentLength > limits.MaxRequestBytes)
        {
            await RejectTooLargeAsync(context, $"request body too large: {context.Request.ContentLength} bytes, limit {limits.MaxRequestBytes}");
            return;
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, limits.MaxRequestBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RejectTooLargeAsync(context, $"request body too large: limit {limits.MaxRequestBytes} bytes");
            return;
        }
        var response = await rpc.HandleAsync(body, context.RequestAborted);
        if (response is null)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        await WriteAsync(context, StatusCodes.Status200OK, response);
    }

    /// <summary>
    /// The request body: read straight into an array of the announced length (checked against the limit before), or,
    /// when chunked, gathered through a pooled chunk until it ends or passes the limit.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellation)
    {
        if (request.ContentLength is { } length)
        {
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, cancellation);
            return body;
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
            {
                if (buffer.Length + read > limit) throw new BadHttpRequestException("request body too large", StatusCodes.Status413PayloadTooLarge);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Answers 413 without reading the rest of the body, and says the connection closes: the unread bytes make it
    /// unusable, and a client told nothing would put it back in its pool and lose its next request on it.
    /// </summary>
    private static Task RejectTooLargeAsync(HttpContext context, string message)
    {
        context.Response.Headers.Connection = "close";
        return WriteAsync(context, StatusCodes.Status413PayloadTooLarge, JsonRpcDispatcher.ErrorOnly(RpcErrorCodes.InvalidRequest, message));
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>Stops listening, then the block producer, then closes the chain.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Node.DisposeAsync();
    }
}
