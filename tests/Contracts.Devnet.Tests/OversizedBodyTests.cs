using System.Net;
using System.Net.Http.Headers;

namespace Contracts.Devnet.Tests;

/// <summary>A 100 MB request body, announced or chunked, at the default limits: refused in bounded memory, and the node keeps serving.</summary>
public sealed class OversizedBodyTests
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_100_MB_body_is_refused_in_bounded_memory_and_the_node_keeps_serving(bool announceLength)
    {
        await using var devnet = await FakeDevnet.StartAsync();
        long before = GC.GetTotalMemory(forceFullCollection: true);

        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) })
        {
            try
            {
                using var response = await http.PostAsync(devnet.Server.Url, new HugeJsonRequest(HundredMegabytes, announceLength));
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                Assert.Contains("request body too large", await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError
                || exception.InnerException is IOException)
            {
                // The server answers without reading the rest and closes: a client still sending sees the 413 or only
                // the closed connection (a broken pipe), depending on who is faster.
            }
        }

        long growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(growth < 32L * 1024 * 1024, $"a refused 100 MB body grew the managed heap by {growth / (1024 * 1024)} MiB");
        using var rpc = new RpcClient(devnet.Server.Url);
        Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
    }

    /// <summary>A JSON-RPC request whose string parameter makes it <c>size</c> bytes, streamed without holding it in memory.</summary>
    private sealed class HugeJsonRequest : HttpContent
    {
        private static readonly byte[] Head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[\""u8.ToArray();
        private static readonly byte[] Tail = "\"]}"u8.ToArray();
        private readonly long _size;
        private readonly bool _announceLength;

        public HugeJsonRequest(long size, bool announceLength)
        {
            _size = size;
            _announceLength = announceLength;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Head);
            var filler = new byte[64 * 1024];
            Array.Fill(filler, (byte)'a');
            for (long left = _size - Head.Length - Tail.Length; left > 0; left -= filler.Length)
                await stream.WriteAsync(filler.AsMemory(0, (int)Math.Min(left, filler.Length)));
            await stream.WriteAsync(Tail);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _size;
            return _announceLength;
        }
    }
}
