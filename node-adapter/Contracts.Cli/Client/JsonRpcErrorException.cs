using System.Text.Json;

namespace Contracts.Cli.Client;

/// <summary>
/// The node answered a call with a JSON-RPC error object. <see cref="Data"/> is the error's data as hex bytes when it
/// has some (geth and our devnet put a revert's return data there, with code 3 "execution reverted").
/// </summary>
public sealed class JsonRpcErrorException(string method, long code, string message, byte[]? data, string? rawData)
    : Exception($"{method}: {message} (code {code})")
{
    /// <summary>geth's code for "execution reverted" (the error's data is the revert data).</summary>
    public const long ExecutionRevertedCode = 3;

    public string Method { get; } = method;

    public long Code { get; } = code;

    public string RpcMessage { get; } = message;

    /// <summary>The error's data decoded from hex, or null when it has none or it is not hex.</summary>
    public byte[]? RevertData { get; } = data;

    /// <summary>The error's data as the node sent it (JSON text), or null.</summary>
    public string? RawData { get; } = rawData;

    /// <summary>Whether this is a revert: code 3, or a message that says so (nodes differ in the code they use).</summary>
    public bool IsRevert => Code == ExecutionRevertedCode || RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase);

    internal static JsonRpcErrorException From(string method, JsonElement error)
    {
        long code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out long n) ? n : 0;
        string message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        byte[]? data = null;
        string? raw = null;
        if (error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            raw = d.GetRawText();
            // anvil nests the revert data in an object on some paths; geth and ours send it as a hex string.
            var hex = d.ValueKind == JsonValueKind.String ? d.GetString()
                : d.ValueKind == JsonValueKind.Object && d.TryGetProperty("data", out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString()
                : null;
            if (hex is not null && RpcHex.TryDecodeData(hex, out var bytes)) data = bytes;
        }
        return new JsonRpcErrorException(method, code, message, data, raw);
    }
}
