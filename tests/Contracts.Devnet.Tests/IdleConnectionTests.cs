using System.Net.Sockets;
using Contracts.Devnet.Node;
using Contracts.Devnet.Rpc;

namespace Contracts.Devnet.Tests;

/// <summary>Idle connections, a slow-loris flood: thousands of them cost bounded memory and never stop the node serving.</summary>
public sealed class IdleConnectionTests
{
    [Fact]
    public async Task Thousands_of_idle_connections_leave_the_node_serving_in_bounded_memory()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        Assert.Equal("0x7a69", (await devnet.Client.ResultAsync("eth_chainId")).GetString());
        long before = GC.GetTotalMemory(forceFullCollection: true);

        var idle = new List<TcpClient>();
        try
        {
            await OpenAsync(idle, devnet.Server.Url, 3_000);
            // A few of them half-send a request and stall, as a slow client does.
            foreach (var client in idle.Take(100)) await client.GetStream().WriteAsync("POST / HTTP/1.1\r\nHost: x\r\n"u8.ToArray());

            // New clients (new connections, not the pooled one opened before the flood) are served.
            for (int i = 0; i < 20; i++)
            {
                using var rpc = new RpcClient(devnet.Server.Url);
                Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
            }
            long growth = GC.GetTotalMemory(forceFullCollection: true) - before;
            Assert.True(growth < 256L * 1024 * 1024, $"3,000 idle connections grew the managed heap by {growth / (1024 * 1024)} MiB");
        }
        finally
        {
            foreach (var client in idle) client.Dispose();
        }
        Assert.Equal("0x7a69", (await devnet.Client.ResultAsync("eth_chainId")).GetString());
    }

    [Fact]
    public async Task Past_the_connection_cap_new_connections_are_closed_until_idle_ones_time_out()
    {
        var limits = RpcLimits.Default with { MaxConnections = 20, IdleTimeout = TimeSpan.FromSeconds(1) };
        await using var devnet = await FakeDevnet.StartAsync(new DevnetOptions { Limits = limits });
        var idle = new List<TcpClient>();
        try
        {
            await OpenAsync(idle, devnet.Server.Url, 20);
            // Kestrel drops connections that send no request header within the idle timeout (its heartbeat checks
            // once a second), which frees the slots: within a bounded time the node answers again.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var rpc = new RpcClient(devnet.Server.Url);
                    Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
                    break;
                }
                catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(250);
                }
            }
            // Each idle connection was closed by the server (end of stream or reset); a read that merely times out is not.
            int closed = 0;
            foreach (var client in idle)
            {
                client.ReceiveTimeout = 10_000;
                try
                {
                    if (client.GetStream().Read(new byte[1]) == 0) closed++;
                }
                catch (IOException exception) when (exception.InnerException is SocketException { SocketErrorCode: not SocketError.TimedOut and not SocketError.WouldBlock })
                {
                    closed++;
                }
                catch (IOException)
                {
                }
            }
            Assert.Equal(idle.Count, closed);
        }
        finally
        {
            foreach (var client in idle) client.Dispose();
        }
    }

    /// <summary>Opens <paramref name="count"/> connections that send nothing, added to <paramref name="idle"/> as they open.</summary>
    private static async Task OpenAsync(List<TcpClient> idle, Uri server, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var client = new TcpClient();
            idle.Add(client);
            await client.ConnectAsync(server.Host, server.Port);
        }
    }
}
