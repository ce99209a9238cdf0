using System.Text.Json;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// A request's positional parameters with typed readers: each names the parameter it reads in its error, so a
/// client sees <c>invalid argument 0: …</c> as geth says it, never an exception.
/// </summary>
public readonly struct RpcParams(JsonElement array, IRpcConnection? connection = null)
{
    private readonly JsonElement _array = array;

    /// <summary>The connection the request came on when the node can push to it (WebSocket), else null (HTTP).</summary>
    public IRpcConnection? Connection { get; } = connection;

    public int Count => _array.ValueKind == JsonValueKind.Array ? _array.GetArrayLength() : 0;

    /// <summary>Whether parameter <paramref name="index"/> is present and not null.</summary>
    public bool Has(int index) => index < Count && _array[index].ValueKind != JsonValueKind.Null;

    public JsonElement this[int index] => Has(index) ? _array[index] : throw RpcException.InvalidParams($"missing value for required argument {index}");

    public void ExpectAtMost(int count)
    {
        if (Count > count) throw RpcException.InvalidParams($"too many arguments, want at most {count}");
    }

    public string String(int index)
    {
        var element = this[index];
        return element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw RpcException.InvalidParams($"invalid argument {index}: json: cannot unmarshal {KindName(element)} into a string");
    }

    public Address Address(int index) => RpcHex.ParseAddress(String(index), $"argument {index}");

    public Hash256 Hash(int index) => RpcHex.ParseHash(String(index), $"argument {index}");

    public byte[] Data(int index) => RpcHex.ParseData(String(index), $"argument {index}");

    public ulong UInt64(int index) => RpcHex.ParseUInt64(String(index), $"argument {index}");

    public UInt256 UInt256(int index) => RpcHex.ParseUInt256(String(index), $"argument {index}");

    /// <summary>A storage slot: a quantity or a 32-byte hex word (both are accepted by geth).</summary>
    public UInt256 Slot(int index) => RpcHex.ParseUInt256(String(index), $"argument {index}");

    public bool Bool(int index, bool fallback = false)
    {
        if (!Has(index)) return fallback;
        var element = _array[index];
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw RpcException.InvalidParams($"invalid argument {index}: json: cannot unmarshal {KindName(element)} into a bool"),
        };
    }

    public JsonElement Object(int index)
    {
        var element = this[index];
        return element.ValueKind == JsonValueKind.Object
            ? element
            : throw RpcException.InvalidParams($"invalid argument {index}: json: cannot unmarshal {KindName(element)} into an object");
    }

    internal static string KindName(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
