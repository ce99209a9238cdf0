using System.Text.Json;
using Contracts.Devnet.Chain;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// A block parameter: a number, a tag (<c>latest</c>, <c>earliest</c>, <c>pending</c>, <c>safe</c>,
/// <c>finalized</c>; on a devnet every sealed block is final, so all but earliest mean the head), or an EIP-1898
/// object naming a block by hash or number.
/// </summary>
public readonly record struct BlockSelector(ulong? Number, Hash256? Hash, bool IsPending)
{
    public static readonly BlockSelector Latest = new(null, null, false);

    public static BlockSelector Parse(RpcParams parameters, int index)
    {
        if (!parameters.Has(index)) return Latest;
        var element = parameters[index];
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("blockHash", out var hash) && hash.ValueKind == JsonValueKind.String)
                return new BlockSelector(null, RpcHex.ParseHash(hash.GetString()!, $"argument {index}.blockHash"), false);
            if (element.TryGetProperty("blockNumber", out var number) && number.ValueKind == JsonValueKind.String)
                return FromText(number.GetString()!, index);
            throw RpcException.InvalidParams($"invalid argument {index}: a block object needs blockHash or blockNumber");
        }
        if (element.ValueKind != JsonValueKind.String)
            throw RpcException.InvalidParams($"invalid argument {index}: json: cannot unmarshal {RpcParams.KindName(element)} into a block number");
        return FromText(element.GetString()!, index);
    }

    public static BlockSelector FromText(string text, int index) => text switch
    {
        "latest" or "safe" or "finalized" => Latest,
        "pending" => new BlockSelector(null, null, true),
        "earliest" => new BlockSelector(0, null, false),
        _ => new BlockSelector(RpcHex.ParseUInt64(text, $"argument {index}"), null, false),
    };

    /// <summary>The block this selects, or null when the chain has no such block.</summary>
    public DevnetBlock? Resolve(IDevnetChain chain)
    {
        if (Hash is { } hash) return chain.BlockByHash(hash);
        if (Number is { } number) return chain.BlockByNumber(number);
        return chain.Head;
    }

    /// <summary>As <see cref="Resolve"/>, but a missing block is an error ("header not found", as geth says it).</summary>
    public DevnetBlock Require(IDevnetChain chain) => Resolve(chain) ?? throw RpcException.Server("header not found");
}
