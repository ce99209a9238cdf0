using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Abi;

namespace Contracts.Cli.Client;

/// <summary>
/// Decoded ABI values as the client commands print them: text in the form the arguments are typed
/// (<see cref="AbiValueFormatter"/>), and JSON for <c>--json</c> (integers as decimal strings, since JSON numbers
/// lose precision above 2^53; addresses checksummed; bytes as hex).
/// </summary>
internal static class AbiOutput
{
    /// <summary>A JSON value for a decoded value of <paramref name="type"/>.</summary>
    public static JsonNode? ToJson(AbiType type, object? value) => type.Kind switch
    {
        AbiTypeKind.Bool when value is bool b => JsonValue.Create(b),
        AbiTypeKind.String when value is string s => JsonValue.Create(s),
        AbiTypeKind.Array or AbiTypeKind.FixedArray when value is IList items =>
            new JsonArray(items.Cast<object?>().Select(item => ToJson(type.Element!, item)).ToArray()),
        AbiTypeKind.Tuple when value is IList components =>
            new JsonArray(type.Components.Select((component, i) => ToJson(component, components[i])).ToArray()),
        _ => JsonValue.Create(AbiValueFormatter.Format(type, value)),
    };

    /// <summary>Named values as a JSON array of <c>{ name, type, value }</c>.</summary>
    public static JsonArray ToJson(IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object?> values) =>
        new(parameters.Select((p, i) => (JsonNode?)new JsonObject
        {
            ["name"] = p.Name,
            ["type"] = p.Type.ToString(),
            ["value"] = ToJson(p.Type, values[i]),
        }).ToArray());

    /// <summary>One line per value, as cast prints a call's result; a named value is prefixed with its name when there are several.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object?> values) =>
        parameters.Select((p, i) => parameters.Count > 1 && p.Name.Length > 0
            ? $"{p.Name}: {AbiValueFormatter.Format(p.Type, values[i])}"
            : AbiValueFormatter.Format(p.Type, values[i]));

    /// <summary><c>Name(a=1, b=0x…)</c>: an event or call with its arguments on one line.</summary>
    public static string Inline(string name, IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object?> values)
    {
        var text = new StringBuilder(name).Append('(');
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0) text.Append(", ");
            if (parameters[i].Name.Length > 0) text.Append(parameters[i].Name).Append('=');
            text.Append(AbiValueFormatter.Format(parameters[i].Type, values[i], quoteStrings: true));
        }
        return text.Append(')').ToString();
    }

    /// <summary>
    /// A revert's data for a person: what the shared codec decodes (<c>Error(string)</c>, <c>Panic(uint256)</c>, a
    /// custom error of <paramref name="abi"/>), else the bytes as text when printable, else as hex.
    /// </summary>
    public static string RevertReason(ReadOnlySpan<byte> data, ContractAbi? abi)
    {
        if (data.IsEmpty) return "no reason given";
        if (Contracts.Abi.RevertReason.TryDecode(data, abi) is { } reason) return reason;
        if (IsPrintable(data)) return $"\"{Encoding.ASCII.GetString(data)}\" (raw bytes {RpcHex.Data(data)})";
        return $"custom error data {RpcHex.Data(data)}";
    }

    private static bool IsPrintable(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) if (b is < 0x20 or > 0x7e) return false;
        return true;
    }

    /// <summary>
    /// A log decoded with its emitter's ABI (<paramref name="abi"/>): <c>Incremented(by=0x…, value=5)</c> and the
    /// values as JSON, or null when the ABI does not know its topic 0 or the log does not decode.
    /// </summary>
    public static (string Text, JsonObject Json)? DecodeLog(ContractAbi? abi, JsonElement log)
    {
        if (abi is null || !log.TryGetProperty("topics", out var topicList) || topicList.ValueKind != JsonValueKind.Array) return null;
        var topics = new List<byte[]>();
        foreach (var topic in topicList.EnumerateArray())
        {
            if (!RpcHex.TryDecodeData(topic.GetString(), out var word)) return null;
            topics.Add(word);
        }
        if (topics.Count == 0 || abi.FindEvent(topics[0]) is not { } abiEvent) return null;
        if (!RpcHex.TryDecodeData(ClientOutput.Text(log, "data") ?? "0x", out var data)) return null;
        try
        {
            var values = abiEvent.DecodeLog(topics, data);
            var json = new JsonObject { ["name"] = abiEvent.Name, ["signature"] = abiEvent.Signature, ["args"] = ToJson(abiEvent.Inputs, values) };
            return (Inline(abiEvent.Name, abiEvent.Inputs, values), json);
        }
        catch (AbiException)
        {
            return null;
        }
    }
}
