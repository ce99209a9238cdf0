using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Contracts.Devnet.Tests;

/// <summary>Raw JSON-RPC over HTTP for tests: sends exactly the bytes given and parses what comes back.</summary>
internal sealed class RpcClient(Uri url) : IDisposable
{
    private int _id;

    /// <summary>The client's connection pool, also for a test that needs the whole HTTP response.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task<(int Status, JsonElement Body)> PostAsync(string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(url, content);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Calls <paramref name="method"/> and returns the whole response object (result or error).</summary>
    public async Task<JsonElement> CallAsync(string method, params object?[] parameters)
    {
        string body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters });
        var (status, json) = await PostAsync(body);
        Assert.Equal(200, status);
        return json;
    }

    /// <summary>Calls <paramref name="method"/> and returns its result, failing the test on an error.</summary>
    public async Task<JsonElement> ResultAsync(string method, params object?[] parameters)
    {
        var response = await CallAsync(method, parameters);
        Assert.False(response.TryGetProperty("error", out var error), $"{method} failed: {error}");
        return response.GetProperty("result");
    }

    /// <summary>Calls <paramref name="method"/> once per parameter list in one batch; returns the results in order, failing the test on an error.</summary>
    public async Task<JsonElement[]> BatchAsync(string method, IReadOnlyList<object?[]> parameters)
    {
        int first = Interlocked.Add(ref _id, parameters.Count) - parameters.Count;
        string body = JsonSerializer.Serialize(parameters.Select((p, i) => new { jsonrpc = "2.0", id = first + i, method, @params = p }));
        var (status, json) = await PostAsync(body);
        Assert.Equal(200, status);
        var byId = json.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt32());
        return [.. Enumerable.Range(first, parameters.Count).Select(id =>
        {
            var response = byId[id];
            Assert.False(response.TryGetProperty("error", out var error), $"{method} failed: {error}");
            return response.GetProperty("result");
        })];
    }

    public void Dispose() => Http.Dispose();
}
