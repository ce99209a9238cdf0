using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Rpc;

namespace Contracts.Devnet.Tests;

/// <summary>The RPC layer over HTTP and WebSocket on a free loopback port, against the in-test <see cref="FakeChain"/>.</summary>
public sealed class DevnetServerTests
{
    private static readonly string Alice = RpcHex.Data(DevAccounts.List[0].Address);
    private const string Bob = "0x000000000000000000000000000000000000b0b0";

    [Fact]
    public async Task Identity_methods_answer()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        var rpc = devnet.Client;
        Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
        Assert.Equal("31337", (await rpc.ResultAsync("net_version")).GetString());
        Assert.True((await rpc.ResultAsync("net_listening")).GetBoolean());
        Assert.StartsWith("contracts-devnet/", (await rpc.ResultAsync("web3_clientVersion")).GetString());
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_blockNumber")).GetString());
        var accounts = await rpc.ResultAsync("eth_accounts");
        Assert.Equal(10, accounts.GetArrayLength());
        Assert.Equal("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", accounts[0].GetString());
        Assert.Equal("0x3b9aca00", (await rpc.ResultAsync("eth_maxPriorityFeePerGas")).GetString());
        Assert.Equal("0x77359400", (await rpc.ResultAsync("eth_gasPrice")).GetString());
    }

    [Fact]
    public async Task A_dev_account_transfer_is_mined_before_the_answer_and_shows_everywhere()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        var rpc = devnet.Client;
        string hash = (await rpc.ResultAsync("eth_sendTransaction", new { from = Alice, to = Bob, value = "0x64" })).GetString()!;

        var receipt = await rpc.ResultAsync("eth_getTransactionReceipt", hash);
        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.Equal("0x1", receipt.GetProperty("blockNumber").GetString());
        Assert.Equal(Bob, receipt.GetProperty("to").GetString());
        Assert.Equal("0x5208", receipt.GetProperty("gasUsed").GetString());
        Assert.Equal("0x1", (await rpc.ResultAsync("eth_blockNumber")).GetString());
        Assert.Equal("0x64", (await rpc.ResultAsync("eth_getBalance", Bob, "latest")).GetString());
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_getBalance", Bob, "0x0")).GetString());
        Assert.Equal("0x1", (await rpc.ResultAsync("eth_getTransactionCount", Alice, "latest")).GetString());

        var tx = await rpc.ResultAsync("eth_getTransactionByHash", hash);
        Assert.Equal(hash, tx.GetProperty("hash").GetString());
        Assert.Equal("0x2", tx.GetProperty("type").GetString());
        Assert.Equal("0x0", tx.GetProperty("transactionIndex").GetString());

        var block = await rpc.ResultAsync("eth_getBlockByNumber", "latest", true);
        Assert.Equal(hash, block.GetProperty("transactions")[0].GetProperty("hash").GetString());
        var byHash = await rpc.ResultAsync("eth_getBlockByHash", block.GetProperty("hash").GetString(), false);
        Assert.Equal(hash, byHash.GetProperty("transactions")[0].GetString());
        Assert.Equal("0x1", (await rpc.ResultAsync("eth_getBlockTransactionCountByNumber", "0x1")).GetString());
        Assert.Equal(JsonValueKind.Null, (await rpc.ResultAsync("eth_getBlockByNumber", "0x99", false)).ValueKind);
    }

    [Fact]
    public async Task A_revert_is_error_code_3_with_the_reason_and_the_data()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        var response = await devnet.Client.CallAsync("eth_call", new { to = RpcHex.Data(FakeChain.Reverter), data = "0x" }, "latest");
        var error = response.GetProperty("error");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.Equal("execution reverted: boom", error.GetProperty("message").GetString());
        Assert.Equal(RpcHex.Data(FakeChain.ErrorBoom), error.GetProperty("data").GetString());

        var estimate = await devnet.Client.CallAsync("eth_estimateGas", new { to = RpcHex.Data(FakeChain.Reverter) });
        Assert.Equal(3, estimate.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("0x2a", (await devnet.Client.ResultAsync("eth_call", new { to = Bob }, "latest")).GetString());
    }

    [Fact]
    public async Task Pending_nonces_count_the_pool_and_a_gap_waits()
    {
        await using var devnet = await FakeDevnet.StartAsync(new Node.DevnetOptions { Automine = false });
        var rpc = devnet.Client;
        var sender = DevAccounts.List[1];
        string from = RpcHex.Data(sender.Address);
        // Nonce 1 first: a gap, so it waits in the pool.
        await rpc.ResultAsync("eth_sendTransaction", new { from, to = Bob, value = "0x1", nonce = "0x1" });
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_getTransactionCount", from, "pending")).GetString());
        await rpc.ResultAsync("evm_mine");
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_getTransactionCount", from, "latest")).GetString());

        await rpc.ResultAsync("eth_sendTransaction", new { from, to = Bob, value = "0x1", nonce = "0x0" });
        Assert.Equal("0x2", (await rpc.ResultAsync("eth_getTransactionCount", from, "pending")).GetString());
        await rpc.ResultAsync("evm_mine");
        Assert.Equal("0x2", (await rpc.ResultAsync("eth_getTransactionCount", from, "latest")).GetString());
        Assert.Equal("0x2", (await rpc.ResultAsync("eth_getBlockTransactionCountByNumber", "latest")).GetString());

        var tooLow = await rpc.CallAsync("eth_sendTransaction", new { from, to = Bob, value = "0x1", nonce = "0x0" });
        Assert.Equal(RpcErrorCodes.ServerError, tooLow.GetProperty("error").GetProperty("code").GetInt32());
        Assert.StartsWith("nonce too low", tooLow.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Concurrent_senders_lose_and_duplicate_nothing()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        var hashes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async client =>
        {
            using var rpc = new RpcClient(devnet.Server.Url);
            string from = RpcHex.Data(DevAccounts.List[client].Address);
            var mine = new List<string>();
            for (int i = 0; i < 25; i++)
                mine.Add((await rpc.ResultAsync("eth_sendTransaction", new { from, to = Bob, value = "0x1" })).GetString()!);
            return mine;
        }));
        var all = hashes.SelectMany(h => h).ToList();
        Assert.Equal(200, all.Distinct().Count());
        Assert.Equal("0xc8", (await devnet.Client.ResultAsync("eth_getBalance", Bob, "latest")).GetString());
        foreach (var hash in all)
            Assert.Equal("0x1", (await devnet.Client.ResultAsync("eth_getTransactionReceipt", hash)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Malformed_and_oversized_requests_get_errors_and_the_node_keeps_serving()
    {
        await using var devnet = await FakeDevnet.StartAsync(new Node.DevnetOptions { Limits = RpcLimits.Default with { MaxRequestBytes = 64 * 1024 } });
        var rpc = devnet.Client;
        // The server answers an oversized body without reading it and closes the connection: a client still sending
        // may see the 413 or only the closed connection, ended or reset (a race in every HTTP stack, seen under load);
        // either way nothing was processed, and what matters is that the node keeps serving. The 413 says
        // "Connection: close", so the client never reuses that connection for its next request (the same client's
        // next request failed with "response ended prematurely" when it did not).
        try
        {
            using var content = new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[\"" + new string('a', 200_000) + "\"]}", Encoding.UTF8, "application/json");
            using var oversized = await rpc.Http.PostAsync(devnet.Server.Url, content);
            Assert.Equal(413, (int)oversized.StatusCode);
            Assert.True(oversized.Headers.ConnectionClose);
            var error = JsonDocument.Parse(await oversized.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal(RpcErrorCodes.InvalidRequest, error.GetProperty("code").GetInt32());
        }
        catch (HttpRequestException)
        {
        }

        var (status, body) = await rpc.PostAsync("{\"jsonrpc\":");
        Assert.Equal(200, status);
        Assert.Equal(RpcErrorCodes.ParseError, body.GetProperty("error").GetProperty("code").GetInt32());

        var wrongType = await rpc.CallAsync("eth_getBalance", 12, "latest");
        Assert.Equal(RpcErrorCodes.InvalidParams, wrongType.GetProperty("error").GetProperty("code").GetInt32());
        var badTag = await rpc.CallAsync("eth_getBalance", Bob, "soon");
        Assert.Equal(RpcErrorCodes.InvalidParams, badTag.GetProperty("error").GetProperty("code").GetInt32());
        var badRaw = await rpc.CallAsync("eth_sendRawTransaction", "0xdeadbeefdeadbeef");
        Assert.Equal(RpcErrorCodes.ServerError, badRaw.GetProperty("error").GetProperty("code").GetInt32());

        Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
    }

    [Fact]
    public async Task WebSocket_carries_the_same_rpc()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(devnet.Server.Url.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_blockNumber\"}]"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var response = JsonDocument.Parse(buffer.AsMemory(0, received.Count)).RootElement;
        Assert.Equal("0x7a69", response[0].GetProperty("result").GetString());
        Assert.Equal("0x0", response[1].GetProperty("result").GetString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task Test_helpers_mine_and_move_time()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        var rpc = devnet.Client;
        await rpc.ResultAsync("evm_increaseTime", "0x3c");
        await rpc.ResultAsync("evm_mine");
        var block = await rpc.ResultAsync("eth_getBlockByNumber", "latest", false);
        Assert.Equal(1_700_000_060UL, Convert.ToUInt64(block.GetProperty("timestamp").GetString(), 16));
        await rpc.ResultAsync("anvil_mine", "0x3");
        Assert.Equal("0x4", (await rpc.ResultAsync("eth_blockNumber")).GetString());
        await rpc.ResultAsync("hardhat_mine", 2);
        Assert.Equal("0x6", (await rpc.ResultAsync("eth_blockNumber")).GetString());
        await rpc.ResultAsync("evm_setNextBlockTimestamp", "0x70000000");
        await rpc.ResultAsync("evm_mine");
        Assert.Equal("0x70000000", (await rpc.ResultAsync("eth_getBlockByNumber", "latest", false)).GetProperty("timestamp").GetString());

        var history = await rpc.ResultAsync("eth_feeHistory", "0x4", "latest", new[] { 25.0, 75.0 });
        Assert.Equal("0x4", history.GetProperty("oldestBlock").GetString());
        Assert.Equal(5, history.GetProperty("baseFeePerGas").GetArrayLength());
        Assert.Equal(4, history.GetProperty("reward").GetArrayLength());
    }

    [Fact]
    public async Task A_block_filter_reports_each_new_block_once()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        var rpc = devnet.Client;
        string id = (await rpc.ResultAsync("eth_newBlockFilter")).GetString()!;
        string logs = (await rpc.ResultAsync("eth_newFilter", new { address = Bob })).GetString()!;
        Assert.Equal(0, (await rpc.ResultAsync("eth_getFilterChanges", id)).GetArrayLength());
        await rpc.ResultAsync("evm_mine");
        await rpc.ResultAsync("evm_mine");
        var changes = await rpc.ResultAsync("eth_getFilterChanges", id);
        Assert.Equal(2, changes.GetArrayLength());
        Assert.Equal((await rpc.ResultAsync("eth_getBlockByNumber", "0x2", false)).GetProperty("hash").GetString(), changes[1].GetString());
        Assert.Equal(0, (await rpc.ResultAsync("eth_getFilterChanges", id)).GetArrayLength());
        Assert.Equal(0, (await rpc.ResultAsync("eth_getFilterChanges", logs)).GetArrayLength());
        Assert.True((await rpc.ResultAsync("eth_uninstallFilter", id)).GetBoolean());
        var gone = await rpc.CallAsync("eth_getFilterChanges", id);
        Assert.Equal("filter not found", gone.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Stopping_the_server_closes_the_chain()
    {
        var devnet = await FakeDevnet.StartAsync();
        await devnet.DisposeAsync();
        Assert.True(devnet.Chain.Disposed);
    }

    [Fact]
    public async Task A_chain_that_cannot_be_opened_fails_the_start_with_its_own_error_and_frees_the_port()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new Node.DevnetOptions { Port = port };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Server.DevnetServer.StartAsync(() => throw new InvalidOperationException("no such data directory"), options));
        Assert.Equal("no such data directory", error.Message);

        var chain = new FakeChain(DevAccounts.List.Select(a => (a.Address, FakeDevnet.Funds)));
        await using var server = await Server.DevnetServer.StartAsync(chain, options);
        using var rpc = new RpcClient(server.Url);
        Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
    }

    [Fact]
    public async Task A_listen_failure_closes_the_chain_that_was_opened_meanwhile()
    {
        await using var first = await FakeDevnet.StartAsync();
        var chain = new FakeChain(DevAccounts.List.Select(a => (a.Address, FakeDevnet.Funds)));
        await Assert.ThrowsAnyAsync<IOException>(() => Server.DevnetServer.StartAsync(chain, new Node.DevnetOptions { Port = first.Server.Url.Port }));
        Assert.True(chain.Disposed);
    }

    [Fact]
    public async Task Only_the_root_path_serves_json_rpc()
    {
        await using var devnet = await FakeDevnet.StartAsync();
        using var http = new HttpClient();
        using var content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", Encoding.UTF8, "application/json");
        var response = await http.PostAsync(new Uri(devnet.Server.Url, "/other"), content);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
