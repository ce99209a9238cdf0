using System.Net;
using System.Text;
using System.Text.Json;

namespace Contracts.Cli.Tests.Client;

/// <summary>
/// A one-trick HTTP server on a loopback port that answers every POST with the JSON its handler builds from the
/// request's method: enough to check how the CLI reads answers a real node rarely gives (errors, garbage).
/// </summary>
internal sealed class FakeNode : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, JsonElement, string> _respond;
    private readonly Task _loop;

    /// <param name="respond">From (method, whole request) to the response body.</param>
    public FakeNode(Func<string, JsonElement, string> respond)
    {
        _respond = respond;
        int port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>An answer with <paramref name="resultJson"/> as the result, for request <paramref name="request"/>.</summary>
    public static string Result(JsonElement request, string resultJson) =>
        $$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetRawText()}},"result":{{resultJson}}}""";

    public static string Error(JsonElement request, int code, string message, string? data = null)
    {
        string dataMember = data is null ? "" : $",\"data\":\"{data}\"";
        return $$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetRawText()}},"error":{"code":{{code}},"message":"{{message}}"{{dataMember}}} }""";
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
            var body = Encoding.UTF8.GetBytes(_respond(request.RootElement.GetProperty("method").GetString()!, request.RootElement));
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
