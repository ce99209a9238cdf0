using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Devnet.Chain;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// An eth_getLogs / eth_newFilter criteria object: a block range (or one block hash), addresses (any of), and up to
/// four topic positions, each null (anything), one topic, or a list (any of). Blocks are skipped by their bloom
/// before their receipts are read.
/// </summary>
public sealed record LogFilter
{
    public BlockSelector FromBlock { get; init; } = BlockSelector.Latest;
    public BlockSelector ToBlock { get; init; } = BlockSelector.Latest;
    public Hash256? BlockHash { get; init; }
    public IReadOnlyList<Address> Addresses { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<Hash256>?> Topics { get; init; } = [];

    public static LogFilter Parse(JsonElement json, int index)
    {
        if (json.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid argument {index}: a filter object expected");
        var filter = new LogFilter();
        if (json.TryGetProperty("blockHash", out var hash) && hash.ValueKind == JsonValueKind.String)
        {
            if (json.TryGetProperty("fromBlock", out var f) && f.ValueKind != JsonValueKind.Null || json.TryGetProperty("toBlock", out var t) && t.ValueKind != JsonValueKind.Null)
                throw RpcException.InvalidParams("invalid argument: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
            filter = filter with { BlockHash = RpcHex.ParseHash(hash.GetString()!, $"argument {index}.blockHash") };
        }
        if (json.TryGetProperty("fromBlock", out var from) && from.ValueKind == JsonValueKind.String)
            filter = filter with { FromBlock = BlockSelector.FromText(from.GetString()!, index) };
        if (json.TryGetProperty("toBlock", out var to) && to.ValueKind == JsonValueKind.String)
            filter = filter with { ToBlock = BlockSelector.FromText(to.GetString()!, index) };
        if (json.TryGetProperty("address", out var address))
        {
            filter = filter with
            {
                Addresses = address.ValueKind switch
                {
                    JsonValueKind.Null => [],
                    JsonValueKind.String => [RpcHex.ParseAddress(address.GetString()!, $"argument {index}.address")],
                    JsonValueKind.Array => [.. address.EnumerateArray().Select(a => RpcHex.ParseAddress(a.GetString() ?? "", $"argument {index}.address"))],
                    _ => throw RpcException.InvalidParams($"invalid argument {index}: address must be a string or an array"),
                },
            };
        }
        if (json.TryGetProperty("topics", out var topics) && topics.ValueKind != JsonValueKind.Null)
        {
            if (topics.ValueKind != JsonValueKind.Array) throw RpcException.InvalidParams($"invalid argument {index}: topics must be an array");
            if (topics.GetArrayLength() > Log.MaxTopics) throw RpcException.InvalidParams($"invalid argument {index}: at most {Log.MaxTopics} topic positions");
            var positions = new List<IReadOnlyList<Hash256>?>();
            foreach (var position in topics.EnumerateArray())
            {
                positions.Add(position.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => [RpcHex.ParseHash(position.GetString()!, $"argument {index}.topics")],
                    JsonValueKind.Array => [.. position.EnumerateArray().Select(t => RpcHex.ParseHash(t.GetString() ?? "", $"argument {index}.topics"))],
                    _ => throw RpcException.InvalidParams($"invalid argument {index}: a topic must be null, a string or an array"),
                });
            }
            filter = filter with { Topics = positions };
        }
        return filter;
    }

    public bool Matches(Log log)
    {
        if (Addresses.Count > 0 && !Addresses.Contains(log.Address)) return false;
        for (int i = 0; i < Topics.Count; i++)
        {
            if (Topics[i] is not { } wanted || wanted.Count == 0) continue;
            if (i >= log.Topics.Count || !wanted.Contains(log.Topics[i])) return false;
        }
        return true;
    }

    private bool BloomMayMatch(LogsBloom bloom)
    {
        if (Addresses.Count > 0 && !Addresses.Any(a => bloom.MayContain(a.ToArray()))) return false;
        foreach (var position in Topics)
            if (position is { Count: > 0 } wanted && !wanted.Any(t => bloom.MayContain(t.ToArray()))) return false;
        return true;
    }

    /// <summary>The matching logs in block order, within <paramref name="limits"/>.</summary>
    public JsonArray Collect(IDevnetChain chain, RpcLimits limits, ulong? fromOverride = null)
    {
        var results = new JsonArray();
        if (BlockHash is { } hash)
        {
            var block = chain.BlockByHash(hash) ?? throw RpcException.Server("unknown block");
            CollectBlock(chain, block, results, limits);
            return results;
        }
        ulong head = chain.Head.Number;
        ulong from = fromOverride ?? (FromBlock.Number ?? head);
        ulong to = ToBlock.Number ?? head;
        if (to > head) to = head;
        if (from > to) return results;
        if (to - from >= limits.MaxLogBlockRange)
            throw new RpcException(RpcErrorCodes.LimitExceeded, $"block range too large: {to - from + 1} blocks, limit {limits.MaxLogBlockRange}");
        for (ulong number = from; number <= to; number++)
        {
            var block = chain.BlockByNumber(number);
            if (block is null) break;
            CollectBlock(chain, block, results, limits);
        }
        return results;
    }

    private void CollectBlock(IDevnetChain chain, DevnetBlock block, JsonArray results, RpcLimits limits)
    {
        if (block.Transactions.Count == 0 || !BloomMayMatch(block.Bloom)) return;
        int logIndex = 0;
        foreach (var receipt in chain.ReceiptsOf(block.Number))
        {
            foreach (var log in receipt.Logs)
            {
                if (Matches(log))
                {
                    if (results.Count >= limits.MaxLogResults)
                        throw new RpcException(RpcErrorCodes.LimitExceeded, $"query returned more than {limits.MaxLogResults} results");
                    results.Add(RpcFormat.Log(log, block, receipt.TransactionHash, receipt.TransactionIndex, logIndex));
                }
                logIndex++;
            }
        }
    }
}
