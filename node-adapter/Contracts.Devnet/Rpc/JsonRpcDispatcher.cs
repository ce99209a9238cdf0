using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Execution.Processing;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// JSON-RPC 2.0 over bytes, knowing nothing of HTTP or of Ethereum: parses a request or a batch within
/// <see cref="RpcLimits"/>, calls the registered method, and writes the response. Every failure becomes a typed
/// JSON-RPC error (parse error, invalid request, method not found, invalid params, or the method's own); nothing a
/// client sends escapes as an exception.
/// </summary>
public sealed class JsonRpcDispatcher(RpcLimits limits)
{
    public delegate ValueTask<JsonNode?> Handler(RpcParams parameters, CancellationToken cancellation);

    private readonly Dictionary<string, Handler> _methods = new(StringComparer.Ordinal);

    public RpcLimits Limits { get; } = limits;

    public IReadOnlyCollection<string> MethodNames => _methods.Keys;

    public void Register(string method, Handler handler)
    {
        if (!_methods.TryAdd(method, handler)) throw new ArgumentException($"method {method} is registered twice", nameof(method));
    }

    /// <summary>The response to <paramref name="body"/>, or null when it holds only notifications (nothing to send).</summary>
    public async ValueTask<byte[]?> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellation = default, IRpcConnection? connection = null)
    {
        if (body.Length > Limits.MaxRequestBytes)
            return ErrorOnly(RpcErrorCodes.InvalidRequest, $"request body too large: {body.Length} bytes, limit {Limits.MaxRequestBytes}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = Limits.MaxJsonDepth });
        }
        catch (JsonException e)
        {
            return ErrorOnly(RpcErrorCodes.ParseError, $"parse error: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                int count = root.GetArrayLength();
                if (count == 0) return ErrorOnly(RpcErrorCodes.InvalidRequest, "empty batch");
                if (count > Limits.MaxBatchSize) return ErrorOnly(RpcErrorCodes.InvalidRequest, $"batch too large: {count} requests, limit {Limits.MaxBatchSize}");
                var responses = new List<Response>(count);
                foreach (var request in root.EnumerateArray())
                    if (await HandleOneAsync(request, connection, cancellation) is { } response) responses.Add(response);
                if (responses.Count == 0) return null;
                return Write(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var response in responses) response.WriteTo(writer);
                    writer.WriteEndArray();
                });
            }
            var single = await HandleOneAsync(root, connection, cancellation);
            return single is { } one ? Write(one.WriteTo) : null;
        }
    }

    /// <summary>A response carrying only an error, with a null id (the request could not be read far enough to have one).</summary>
    public static byte[] ErrorOnly(int code, string message) =>
        Write(new Response(default, hasId: true, null, new RpcException(code, message)).WriteTo);

    private async ValueTask<Response?> HandleOneAsync(JsonElement request, IRpcConnection? connection, CancellationToken cancellation)
    {
        if (request.ValueKind != JsonValueKind.Object)
            return new Response(default, true, null, new RpcException(RpcErrorCodes.InvalidRequest, "invalid request: not a JSON object"));
        bool hasId = request.TryGetProperty("id", out var id);
        if (hasId && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            return new Response(default, true, null, new RpcException(RpcErrorCodes.InvalidRequest, "invalid request: id must be a string, a number or null"));
        if (!request.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            return new Response(id, true, null, new RpcException(RpcErrorCodes.InvalidRequest, "invalid request: jsonrpc must be \"2.0\""));
        if (!request.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            return new Response(id, true, null, new RpcException(RpcErrorCodes.InvalidRequest, "invalid request: method must be a string"));
        string method = methodElement.GetString()!;

        JsonElement parameters = default;
        if (request.TryGetProperty("params", out var given))
        {
            if (given.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                return Reply(new RpcException(RpcErrorCodes.InvalidParams, "invalid params: positional parameters (an array) expected"));
            parameters = given;
        }

        if (!_methods.TryGetValue(method, out var handler))
            return Reply(new RpcException(RpcErrorCodes.MethodNotFound, $"the method {Truncate(method)} does not exist/is not available"));
        try
        {
            var result = await handler(new RpcParams(parameters, connection), cancellation);
            return hasId ? new Response(id, true, result, null) : null;
        }
        catch (RpcException e)
        {
            return Reply(e);
        }
        catch (InvalidTransactionException e)
        {
            return Reply(RpcException.Server(e.Message));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException { Source: "System.Text.Json" } or FormatException)
        {
            return Reply(RpcException.InvalidParams($"invalid params: {e.Message}"));
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return Reply(new RpcException(RpcErrorCodes.InternalError, $"internal error: {e.GetType().Name}: {e.Message}"));
        }

        Response? Reply(RpcException error) => hasId ? new Response(id, true, null, error) : null;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private readonly struct Response(JsonElement id, bool hasId, JsonNode? result, RpcException? error)
    {
        public void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (hasId && id.ValueKind != JsonValueKind.Undefined) id.WriteTo(writer);
            else writer.WriteNullValue();
            if (error is null)
            {
                writer.WritePropertyName("result");
                if (result is null) writer.WriteNullValue();
                else result.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject("error");
                writer.WriteNumber("code", error.Code);
                writer.WriteString("message", error.Message);
                if (error.ErrorData is not null) writer.WriteString("data", error.ErrorData);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
    }
}
