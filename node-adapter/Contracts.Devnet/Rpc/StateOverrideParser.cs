using System.Text.Json;
using Contracts.Devnet.Chain;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// Reads geth's state override set: an object from address to <c>{balance, nonce, code, state, stateDiff}</c>, all
/// optional, hex-encoded; <c>state</c> and <c>stateDiff</c> map 32-byte slot keys to 32-byte values and may not both
/// be given for one account. Unknown fields are refused, as geth's strict decoding does.
/// </summary>
public static class StateOverrideParser
{
    public static IReadOnlyDictionary<Address, AccountOverride>? Parse(RpcParams parameters, int index)
    {
        if (!parameters.Has(index)) return null;
        var json = parameters[index];
        string where = $"argument {index}";
        if (json.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid {where}: json: cannot unmarshal {RpcParams.KindName(json)} into a state override set");
        var overrides = new Dictionary<Address, AccountOverride>();
        foreach (var account in json.EnumerateObject())
        {
            var address = RpcHex.ParseAddress(account.Name, $"{where} key");
            if (account.Value.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid {where}: the override of {account.Name} must be an object");
            var change = new AccountOverride();
            foreach (var field in account.Value.EnumerateObject())
            {
                string at = $"{where}.{account.Name}.{field.Name}";
                if (field.Value.ValueKind == JsonValueKind.Null) continue;
                change = field.Name switch
                {
                    "balance" => change with { Balance = RpcHex.ParseUInt256(Text(field.Value, at), at) },
                    "nonce" => change with { Nonce = RpcHex.ParseUInt64(Text(field.Value, at), at) },
                    "code" => change with { Code = RpcHex.ParseData(Text(field.Value, at), at) },
                    "state" => change with { State = Slots(field.Value, at) },
                    "stateDiff" => change with { StateDiff = Slots(field.Value, at) },
                    _ => throw RpcException.InvalidParams($"invalid {where}: json: unknown field \"{field.Name}\" in the override of {account.Name}"),
                };
            }
            if (change.State is not null && change.StateDiff is not null)
                throw RpcException.InvalidParams($"invalid {where}: account {address} has both 'state' and 'stateDiff'");
            if (!overrides.TryAdd(address, change)) throw RpcException.InvalidParams($"invalid {where}: account {address} is overridden twice");
        }
        return overrides;
    }

    private static string Text(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw RpcException.InvalidParams($"invalid {at}: json: cannot unmarshal {RpcParams.KindName(value)} into a hex string");

    private static Dictionary<UInt256, UInt256> Slots(JsonElement json, string at)
    {
        if (json.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid {at}: an object of slot to value expected");
        var slots = new Dictionary<UInt256, UInt256>();
        foreach (var slot in json.EnumerateObject())
            slots[ParseWord(slot.Name, $"{at} key")] = ParseWord(Text(slot.Value, $"{at}.{slot.Name}"), $"{at}.{slot.Name}");
        return slots;
    }

    // Slot keys and values are 32-byte words in geth (common.Hash): 0x and exactly 64 hex digits.
    private static UInt256 ParseWord(string text, string at) => UInt256.FromBigEndian(RpcHex.ParseHash(text, at).ToArray());
}
