using System.Text.Json;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// The transaction object of eth_call, eth_estimateGas and eth_sendTransaction: every field optional, fields in
/// hex. <c>input</c> and <c>data</c> are both accepted (and must agree when both are given), as in geth.
/// </summary>
public sealed record CallRequest
{
    public Address? From { get; init; }
    public Address? To { get; init; }
    public ulong? Gas { get; init; }
    public UInt256? GasPrice { get; init; }
    public UInt256? MaxFeePerGas { get; init; }
    public UInt256? MaxPriorityFeePerGas { get; init; }
    public UInt256 Value { get; init; }
    public byte[] Input { get; init; } = [];
    public ulong? Nonce { get; init; }
    public ulong? ChainId { get; init; }
    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    public static CallRequest Parse(JsonElement json, int index)
    {
        if (json.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid argument {index}: json: cannot unmarshal {RpcParams.KindName(json)} into a transaction object");
        string where = $"argument {index}";
        byte[]? data = Bytes(json, "data", where);
        byte[]? input = Bytes(json, "input", where);
        if (data is not null && input is not null && !data.AsSpan().SequenceEqual(input))
            throw RpcException.InvalidParams($"invalid {where}: both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass transaction call data");
        return new CallRequest
        {
            From = String(json, "from") is { } from ? RpcHex.ParseAddress(from, $"{where}.from") : null,
            To = String(json, "to") is { } to ? RpcHex.ParseAddress(to, $"{where}.to") : null,
            Gas = String(json, "gas") is { } gas ? RpcHex.ParseUInt64(gas, $"{where}.gas") : null,
            GasPrice = String(json, "gasPrice") is { } price ? RpcHex.ParseUInt256(price, $"{where}.gasPrice") : null,
            MaxFeePerGas = String(json, "maxFeePerGas") is { } maxFee ? RpcHex.ParseUInt256(maxFee, $"{where}.maxFeePerGas") : null,
            MaxPriorityFeePerGas = String(json, "maxPriorityFeePerGas") is { } tip ? RpcHex.ParseUInt256(tip, $"{where}.maxPriorityFeePerGas") : null,
            Value = String(json, "value") is { } value ? RpcHex.ParseUInt256(value, $"{where}.value") : UInt256.Zero,
            Input = input ?? data ?? [],
            Nonce = String(json, "nonce") is { } nonce ? RpcHex.ParseUInt64(nonce, $"{where}.nonce") : null,
            ChainId = String(json, "chainId") is { } chainId ? RpcHex.ParseUInt64(chainId, $"{where}.chainId") : null,
            AccessList = ParseAccessList(json, where),
        };
    }

    /// <summary>The request as a transaction for a read-only run (no fees unless given; sender zero unless given).</summary>
    public Transaction ToCall(ulong chainId, ulong gasLimit) => new()
    {
        Type = GasPrice is not null ? TransactionType.Legacy : TransactionType.DynamicFee,
        ChainId = chainId,
        Nonce = Nonce ?? 0,
        GasPrice = GasPrice ?? UInt256.Zero,
        MaxFeePerGas = MaxFeePerGas ?? UInt256.Zero,
        MaxPriorityFeePerGas = MaxPriorityFeePerGas ?? UInt256.Zero,
        GasLimit = Gas ?? gasLimit,
        To = To,
        Value = Value,
        Data = Input,
        AccessList = AccessList,
        Sender = From ?? Address.Zero,
    };

    private static string? String(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw RpcException.InvalidParams($"invalid argument: field {name}: json: cannot unmarshal {RpcParams.KindName(value)} into a hex string");
    }

    private static byte[]? Bytes(JsonElement json, string name, string where) =>
        String(json, name) is { } text ? RpcHex.ParseData(text, $"{where}.{name}") : null;

    private static IReadOnlyList<AccessListEntry> ParseAccessList(JsonElement json, string where)
    {
        if (!json.TryGetProperty("accessList", out var list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw RpcException.InvalidParams($"invalid {where}.accessList: an array expected");
        var entries = new List<AccessListEntry>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid {where}.accessList: objects expected");
            var address = String(item, "address") ?? throw RpcException.InvalidParams($"invalid {where}.accessList: an entry has no address");
            var keys = new List<Hash256>();
            if (item.TryGetProperty("storageKeys", out var keyArray) && keyArray.ValueKind == JsonValueKind.Array)
                foreach (var key in keyArray.EnumerateArray())
                    keys.Add(RpcHex.ParseHash(key.GetString() ?? "", $"{where}.accessList.storageKeys"));
            entries.Add(new AccessListEntry(RpcHex.ParseAddress(address, $"{where}.accessList.address"), keys));
        }
        return entries;
    }
}
