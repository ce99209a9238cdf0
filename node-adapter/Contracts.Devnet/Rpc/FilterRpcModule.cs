using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.Devnet.Node;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// Polling filters (<c>eth_newFilter</c>, <c>eth_newBlockFilter</c>, <c>eth_getFilterChanges</c>,
/// <c>eth_getFilterLogs</c>, <c>eth_uninstallFilter</c>). A filter remembers the last block it reported; one not
/// polled for <see cref="Timeout"/> is dropped, as geth drops it, and at most <see cref="MaxFilters"/> live at once.
/// </summary>
public sealed class FilterRpcModule(DevnetNode node)
{
    public const int MaxFilters = 10_000;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);
    private long _nextId;

    public void RegisterOn(JsonRpcDispatcher rpc)
    {
        EthRpcModule.Sync(rpc, "eth_newFilter", p => Install(LogFilter.Parse(p[0], 0)));
        EthRpcModule.Sync(rpc, "eth_newBlockFilter", _ => Install(null));
        EthRpcModule.Sync(rpc, "eth_uninstallFilter", p => _filters.TryRemove(p.String(0), out _));
        EthRpcModule.Sync(rpc, "eth_getFilterChanges", p => Changes(Find(p.String(0))));
        EthRpcModule.Sync(rpc, "eth_getFilterLogs", p =>
        {
            var filter = Find(p.String(0));
            if (filter.Logs is null) throw RpcException.Server("filter not found");
            return node.Read(c => filter.Logs.Collect(c, node.Options.Limits));
        });
    }

    private JsonNode Install(LogFilter? logs)
    {
        var now = DateTime.UtcNow;
        foreach (var (id, stale) in _filters)
            if (now - stale.LastPolled > Timeout) _filters.TryRemove(id, out _);
        if (_filters.Count >= MaxFilters) throw RpcException.Server($"too many filters: at most {MaxFilters}");
        string key = "0x" + Interlocked.Increment(ref _nextId).ToString("x", CultureInfo.InvariantCulture);
        _filters[key] = new Filter(logs, node.Read(c => c.Head.Number)) { LastPolled = now };
        return key;
    }

    private Filter Find(string id) => _filters.TryGetValue(id, out var filter) ? filter : throw RpcException.Server("filter not found");

    private JsonNode Changes(Filter filter)
    {
        lock (filter)
        {
            filter.LastPolled = DateTime.UtcNow;
            return node.Read(c =>
            {
                ulong head = c.Head.Number;
                ulong from = filter.Reported + 1;
                JsonArray changes;
                if (filter.Logs is null)
                {
                    changes = [];
                    for (ulong number = from; number <= head; number++) changes.Add(RpcHex.Data(c.BlockByNumber(number)!.Hash));
                }
                else
                {
                    changes = from <= head ? filter.Logs.Collect(c, node.Options.Limits, fromOverride: Math.Max(from, filter.Logs.FromBlock.Number ?? from)) : [];
                }
                filter.Reported = head;
                return changes;
            });
        }
    }

    private sealed class Filter(LogFilter? logs, ulong installedAt)
    {
        public LogFilter? Logs { get; } = logs;

        /// <summary>The last block whose changes were reported.</summary>
        public ulong Reported { get; set; } = installedAt;

        public DateTime LastPolled { get; set; }
    }
}
