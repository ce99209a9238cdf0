using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contracts.Cli.Client;

/// <summary>
/// A small JSON-RPC 2.0 client over HTTP for the node's client commands. Every failure is typed: nothing answering
/// JSON-RPC at the URL is <see cref="NodeUnreachableException"/>; an error object in the answer is
/// <see cref="JsonRpcErrorException"/> with its code, message and data. Calls are synchronous because the CLI is.
/// </summary>
public sealed class JsonRpcClient : IDisposable
{
    /// <summary>The URL a local devnet (ours, anvil, hardhat) listens on by default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8545";

    /// <summary>An answer larger than this is refused rather than buffered (a block with many transactions fits easily).</summary>
    private const long MaxResponseBytes = 64L * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private long _nextId = 1;

    public JsonRpcClient(Uri endpoint, TimeSpan timeout)
        : this(endpoint, new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { Timeout = timeout }, ownsHttp: true)
    {
    }

    /// <summary>Uses <paramref name="http"/> (tests pass one over a fake handler); disposes it only if <paramref name="ownsHttp"/>.</summary>
    public JsonRpcClient(Uri endpoint, HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(http);
        if (endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"the RPC URL must be http:// or https://, not {endpoint.Scheme}://", nameof(endpoint));
        Endpoint = endpoint;
        _http = http;
        _ownsHttp = ownsHttp;
        _http.MaxResponseContentBufferSize = MaxResponseBytes;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// Calls <paramref name="method"/> with positional <paramref name="parameters"/> and returns its result (a clone,
    /// valid after this returns; JSON null when the node answered null, e.g. an unknown transaction).
    /// </summary>
    public JsonElement Call(string method, params JsonNode?[] parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        long id = _nextId++;
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = new JsonArray(parameters.Select(p => p?.DeepClone()).ToArray()),
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };

        byte[] body;
        HttpResponseMessage response;
        try
        {
            response = _http.Send(message, HttpCompletionOption.ResponseContentRead);
            using var stream = response.Content.ReadAsStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            body = buffer.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw new NodeUnreachableException(Endpoint, Describe(e), e);
        }
        catch (TaskCanceledException e)
        {
            throw new NodeUnreachableException(Endpoint, $"no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
        catch (IOException e)
        {
            throw new NodeUnreachableException(Endpoint, e.Message, e);
        }

        using (response)
        {
            return ParseResponse(method, id, response, body);
        }
    }

    private JsonElement ParseResponse(string method, long id, HttpResponseMessage response, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // Not JSON at all: an HTTP error page or some other server; either way no JSON-RPC node is there.
            string status = response.IsSuccessStatusCode ? "" : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}, ";
            throw new NodeUnreachableException(Endpoint, $"{status}the answer to {method} is not JSON-RPC");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jsonrpc", out _))
                throw new NodeUnreachableException(Endpoint, $"the answer to {method} is JSON but not a JSON-RPC 2.0 response");
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                throw JsonRpcErrorException.From(method, error);
            if (root.TryGetProperty("id", out var answeredId) && answeredId.ValueKind == JsonValueKind.Number
                && answeredId.TryGetInt64(out long number) && number != id)
                throw new NodeUnreachableException(Endpoint, $"the answer to {method} carries id {number}, not {id}");
            if (!root.TryGetProperty("result", out var result))
                throw new NodeUnreachableException(Endpoint, $"the answer to {method} has neither a result nor an error");
            return result.Clone();
        }
    }

    private static string Describe(HttpRequestException e)
    {
        if (e.InnerException is SocketException socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.TimedOut => "connection timed out",
                _ => socket.Message,
            };
        }
        return e.Message;
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
