using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Contracts.Devnet.Benchmarks;

/// <summary>
/// The benchmark's client, the same for every node: JSON-RPC over pooled HTTP/1.1 keep-alive connections, request
/// bodies built before the clock starts, responses checked for an error and otherwise parsed only when asked.
/// </summary>
internal sealed class JsonRpc : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public JsonRpc(Uri url, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromMinutes(1),
        };
    }

    /// <summary>A request body, encoded once.</summary>
    public static byte[] Body(string method, params object?[] parameters) =>
        JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = 1, method, @params = parameters });

    public Task<JsonElement> CallAsync(string method, params object?[] parameters) => PostAsync(Body(method, parameters));

    /// <summary>Sends a pre-built body; returns the result, throws on a JSON-RPC error.</summary>
    public async Task<JsonElement> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync((Uri?)null, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = JsonDocument.Parse(bytes);
        if (document.RootElement.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"{Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 120)))}…: {error}");
        return document.RootElement.GetProperty("result").Clone();
    }

    public static ulong Quantity(JsonElement hex) => Convert.ToUInt64(hex.GetString(), 16);

    public void Dispose() => _http.Dispose();
}
