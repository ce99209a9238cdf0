using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// Push subscriptions over WebSocket (<c>eth_subscribe</c> / <c>eth_unsubscribe</c>): <c>newHeads</c> sends each
/// new block's header, <c>logs</c> each matching log of each new block, as <c>eth_subscription</c> notifications in
/// geth's shape. A subscription lives as long as its connection; a connection too slow to take its notifications is
/// closed rather than buffered without bound. Over HTTP there is no connection to push to: geth's "notifications
/// not supported".
/// </summary>
public sealed class SubscriptionRpcModule
{
    public const int MaxSubscriptionsPerConnection = 1_000;

    private readonly DevnetNode _node;
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private long _nextId;

    public SubscriptionRpcModule(DevnetNode node)
    {
        _node = node;
        node.BlockSealed += Publish;
    }

    public int Count => _subscriptions.Count;

    public void RegisterOn(JsonRpcDispatcher rpc)
    {
        EthRpcModule.Sync(rpc, "eth_subscribe", Subscribe);
        EthRpcModule.Sync(rpc, "eth_unsubscribe", p =>
        {
            string id = p.String(0);
            return _subscriptions.TryGetValue(id, out var subscription) && subscription.Connection == p.Connection && _subscriptions.TryRemove(id, out _);
        });
    }

    private JsonNode Subscribe(RpcParams p)
    {
        var connection = p.Connection ?? throw new RpcException(RpcErrorCodes.NotificationsUnsupported, "notifications not supported");
        string kind = p.String(0);
        LogFilter? logs = kind switch
        {
            "newHeads" => null,
            "logs" => p.Has(1) ? LogFilter.Parse(p[1], 1) : new LogFilter(),
            _ => throw RpcException.InvalidParams($"no \"{kind}\" subscription in eth namespace (newHeads and logs are supported)"),
        };
        if (_subscriptions.Values.Count(s => s.Connection == connection) >= MaxSubscriptionsPerConnection)
            throw RpcException.Server($"too many subscriptions: at most {MaxSubscriptionsPerConnection} per connection");
        string id = "0x" + Interlocked.Increment(ref _nextId).ToString("x32", CultureInfo.InvariantCulture);
        _subscriptions[id] = new Subscription(id, connection, logs);
        connection.Closed.Register(() => _subscriptions.TryRemove(id, out _));
        return id;
    }

    private void Publish(SealedBlock sealedBlock)
    {
        if (_subscriptions.IsEmpty) return;
        var block = sealedBlock.Block;
        JsonObject? header = null;
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.Logs is null)
            {
                header ??= Header(block);
                Send(subscription, header);
                continue;
            }
            int logIndex = 0;
            foreach (var receipt in sealedBlock.Receipts)
            {
                foreach (var log in receipt.Logs)
                {
                    if (subscription.Logs.Matches(log)) Send(subscription, RpcFormat.Log(log, block, receipt.TransactionHash, receipt.TransactionIndex, logIndex));
                    logIndex++;
                }
            }
        }
    }

    private void Send(Subscription subscription, JsonNode result)
    {
        var message = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "eth_subscription",
            ["params"] = new JsonObject { ["subscription"] = subscription.Id, ["result"] = result.DeepClone() },
        };
        if (!subscription.Connection.TryNotify(JsonSerializer.SerializeToUtf8Bytes(message))) _subscriptions.TryRemove(subscription.Id, out _);
    }

    /// <summary>A block's header fields as geth's newHeads sends them (no transactions, uncles or size).</summary>
    private static JsonObject Header(DevnetBlock block)
    {
        var json = RpcFormat.Block(block, fullTransactions: false);
        foreach (string body in new[] { "transactions", "uncles", "size", "totalDifficulty" }) json.Remove(body);
        return json;
    }

    private sealed record Subscription(string Id, IRpcConnection Connection, LogFilter? Logs);
}
