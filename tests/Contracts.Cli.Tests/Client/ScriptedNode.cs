using System.Collections.Concurrent;
using System.Text.Json;

namespace Contracts.Cli.Tests.Client;

/// <summary>
/// A <see cref="FakeNode"/> answering each method with a fixed result (JSON text), remembering every request; a
/// method without an answer gets JSON-RPC's "method not found".
/// </summary>
internal sealed class ScriptedNode : IDisposable
{
    private readonly FakeNode _node;
    private readonly ConcurrentQueue<(string Method, JsonElement Params)> _requests = new();

    public ScriptedNode(IReadOnlyDictionary<string, string> results)
    {
        _node = new FakeNode((method, request) =>
        {
            _requests.Enqueue((method, request.GetProperty("params").Clone()));
            return results.TryGetValue(method, out var result)
                ? FakeNode.Result(request, result)
                : FakeNode.Error(request, -32601, $"the method {method} does not exist");
        });
    }

    public string Url => _node.Url;

    /// <summary>The parameters of every request for <paramref name="method"/>, in order.</summary>
    public JsonElement[] Requests(string method) => _requests.Where(r => r.Method == method).Select(r => r.Params).ToArray();

    public static string Quoted(string text) => JsonSerializer.Serialize(text);

    public void Dispose() => _node.Dispose();
}
