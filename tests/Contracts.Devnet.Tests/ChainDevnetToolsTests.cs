using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Rpc;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Devnet.Tests;

/// <summary>Traces, snapshots, proofs, subscriptions and state helpers on the real chain over RPC.</summary>
public sealed class ChainDevnetToolsTests
{
    private const string IncrementedTopic = "0x20d8a6f5a693f9d1d627a598e8820f7a55ee74c183aa8f1a30e8d4e8dd9a8d84";
    private const string Bob = "0x000000000000000000000000000000000000b0b0";
    private static readonly string Alice = RpcHex.Data(DevAccounts.List[0].Address);

    private static async Task<string> DeployCounterAsync(RpcClient rpc)
    {
        string hash = (await rpc.ResultAsync("eth_sendTransaction", new { from = Alice, data = RpcHex.Data(ChainDevnet.Contract("counter")), gas = "0x4c4b40" })).GetString()!;
        return (await rpc.ResultAsync("eth_getTransactionReceipt", hash)).GetProperty("contractAddress").GetString()!;
    }

    private static async Task<JsonElement> SendAsync(RpcClient rpc, string to, string data)
    {
        string hash = (await rpc.ResultAsync("eth_sendTransaction", new { from = Alice, to, data, gas = "0xf4240" })).GetString()!;
        return await rpc.ResultAsync("eth_getTransactionReceipt", hash);
    }

    [Fact]
    public async Task debug_traceTransaction_gives_the_call_tree_with_host_calls_gas_events_revert_reason_and_the_trapping_function()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        string counter = await DeployCounterAsync(rpc);

        var increment = await SendAsync(rpc, counter, "0x01");
        var trace = await rpc.ResultAsync("debug_traceTransaction", increment.GetProperty("transactionHash").GetString(), new { tracer = "callTracer" });
        Assert.Equal("CALL", trace.GetProperty("type").GetString());
        Assert.Equal(counter, trace.GetProperty("to").GetString());
        Assert.Equal(Alice, trace.GetProperty("from").GetString());
        Assert.False(trace.GetProperty("failed").GetBoolean());
        Assert.Equal(increment.GetProperty("gasUsed").GetString(), trace.GetProperty("transactionGasUsed").GetString());
        var hostCalls = trace.GetProperty("hostCalls").EnumerateArray().ToList();
        Assert.Equal(["input_size", "input_copy", "storage_load", "storage_store", "emit_log"], hostCalls.Select(h => h.GetProperty("name").GetString()!).ToArray());
        Assert.All(hostCalls, h => Assert.True(Convert.ToUInt64(h.GetProperty("gasUsed").GetString(), 16) > 0));
        ulong frameGas = Convert.ToUInt64(trace.GetProperty("gasUsed").GetString(), 16);
        Assert.True(frameGas > (ulong)hostCalls.Sum(h => (long)Convert.ToUInt64(h.GetProperty("gasUsed").GetString(), 16)), "a frame's gas includes its host calls and its instructions");
        Assert.Equal(IncrementedTopic, trace.GetProperty("logs")[0].GetProperty("topics")[0].GetString());

        var reverted = await SendAsync(rpc, counter, "0x02");
        Assert.Equal("0x0", reverted.GetProperty("status").GetString());
        var revertTrace = await rpc.ResultAsync("debug_traceTransaction", reverted.GetProperty("transactionHash").GetString());
        Assert.True(revertTrace.GetProperty("failed").GetBoolean());
        Assert.Equal("execution reverted", revertTrace.GetProperty("error").GetString());
        Assert.Equal("counter: refused", revertTrace.GetProperty("revertReason").GetString());

        var trapped = await SendAsync(rpc, counter, "0x03");
        var trapTrace = await rpc.ResultAsync("debug_traceTransaction", trapped.GetProperty("transactionHash").GetString());
        Assert.True(trapTrace.GetProperty("failed").GetBoolean());
        Assert.Contains("explode", trapTrace.GetProperty("trap").GetString());
        Assert.Equal(trapped.GetProperty("gasUsed").GetString(), trapTrace.GetProperty("transactionGasUsed").GetString());

        var call = await rpc.ResultAsync("debug_traceCall", new { to = counter, data = "0x00" }, "latest");
        Assert.Equal("0x" + new string('0', 63) + "1", call.GetProperty("output").GetString());
        Assert.Contains(call.GetProperty("hostCalls").EnumerateArray(), h => h.GetProperty("name").GetString() == "output_set");

        var unknown = await rpc.CallAsync("debug_traceTransaction", "0x" + new string('1', 64));
        Assert.Equal(-32000, unknown.GetProperty("error").GetProperty("code").GetInt32());
        var otherTracer = await rpc.CallAsync("debug_traceTransaction", increment.GetProperty("transactionHash").GetString(), new { tracer = "prestateTracer" });
        Assert.Contains("not supported", otherTracer.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task evm_revert_restores_the_head_state_and_indexes_of_the_snapshot_exactly()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        string counter = await DeployCounterAsync(rpc);
        await SendAsync(rpc, counter, "0x01");
        var before = await rpc.ResultAsync("eth_getBlockByNumber", "latest", false);
        string aliceBefore = (await rpc.ResultAsync("eth_getBalance", Alice, "latest")).GetString()!;
        string snapshot = (await rpc.ResultAsync("evm_snapshot")).GetString()!;

        var later = await SendAsync(rpc, counter, "0x01");
        await rpc.ResultAsync("eth_sendTransaction", new { from = Alice, to = Bob, value = "0x1000" });
        await rpc.ResultAsync("anvil_setBalance", Bob, "0xffff");
        Assert.Equal("0x" + new string('0', 63) + "2", (await rpc.ResultAsync("eth_getStorageAt", counter, "0x0", "latest")).GetString());

        Assert.True((await rpc.ResultAsync("evm_revert", snapshot)).GetBoolean());
        Assert.Equal(before.ToString(), (await rpc.ResultAsync("eth_getBlockByNumber", "latest", false)).ToString());
        Assert.Equal(aliceBefore, (await rpc.ResultAsync("eth_getBalance", Alice, "latest")).GetString());
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_getBalance", Bob, "latest")).GetString());
        Assert.Equal("0x" + new string('0', 63) + "1", (await rpc.ResultAsync("eth_getStorageAt", counter, "0x0", "latest")).GetString());
        Assert.Equal(JsonValueKind.Null, (await rpc.ResultAsync("eth_getTransactionReceipt", later.GetProperty("transactionHash").GetString())).ValueKind);
        Assert.Equal(JsonValueKind.Null, (await rpc.ResultAsync("eth_getBlockByNumber", later.GetProperty("blockNumber").GetString(), false)).ValueKind);
        Assert.False((await rpc.ResultAsync("evm_revert", snapshot)).GetBoolean());

        // The chain goes on from the snapshot: the same nonce is used again.
        var again = await SendAsync(rpc, counter, "0x01");
        Assert.Equal(later.GetProperty("blockNumber").GetString(), again.GetProperty("blockNumber").GetString());
        Assert.Equal("0x1", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task anvil_and_hardhat_state_helpers_change_the_head_in_a_block_of_their_own()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        await rpc.ResultAsync("anvil_setBalance", Bob, "0xde0b6b3a7640000");
        Assert.Equal("0xde0b6b3a7640000", (await rpc.ResultAsync("eth_getBalance", Bob, "latest")).GetString());
        await rpc.ResultAsync("hardhat_setNonce", Bob, "0x7");
        Assert.Equal("0x7", (await rpc.ResultAsync("eth_getTransactionCount", Bob, "latest")).GetString());
        await rpc.ResultAsync("anvil_setStorageAt", Bob, "0x0", "0x" + new string('0', 62) + "2a");
        Assert.Equal("0x" + new string('0', 62) + "2a", (await rpc.ResultAsync("eth_getStorageAt", Bob, "0x0", "latest")).GetString());
        string code = RpcHex.Data(ChainDevnet.Contract("counter"));
        await rpc.ResultAsync("hardhat_setCode", Bob, code);
        Assert.Equal(code, (await rpc.ResultAsync("eth_getCode", Bob, "latest")).GetString());
        var head = await rpc.ResultAsync("eth_getBlockByNumber", "latest", false);
        Assert.Equal("0x4", head.GetProperty("number").GetString());
        Assert.Equal(RpcHex.Data(Encoding.ASCII.GetBytes("hardhat_setCode")), head.GetProperty("extraData").GetString());
        Assert.Equal("0x" + new string('0', 62) + "2a", (await rpc.ResultAsync("eth_call", new { to = Bob, data = "0x00" }, "latest")).GetString());
    }

    [Fact]
    public async Task eth_getProof_proves_the_account_and_slots_against_the_block_state_root()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        string counter = await DeployCounterAsync(rpc);
        await SendAsync(rpc, counter, "0x01");
        var proof = await rpc.ResultAsync("eth_getProof", counter, new[] { "0x0", "0x5" }, "latest");
        var stateRoot = Hash256.FromHex((await rpc.ResultAsync("eth_getBlockByNumber", "latest", false)).GetProperty("stateRoot").GetString()!);
        Assert.Equal("0x1", proof.GetProperty("storageProof")[0].GetProperty("value").GetString());
        Assert.Equal("0x0", proof.GetProperty("storageProof")[1].GetProperty("value").GetString());
        var parsed = new AccountProof(
            Address.FromHex(counter),
            [.. proof.GetProperty("accountProof").EnumerateArray().Select(n => Convert.FromHexString(n.GetString()![2..]))],
            RpcHex.ParseUInt256(proof.GetProperty("balance").GetString()!, "balance"),
            Convert.ToUInt64(proof.GetProperty("nonce").GetString(), 16),
            Hash256.FromHex(proof.GetProperty("codeHash").GetString()!),
            Hash256.FromHex(proof.GetProperty("storageHash").GetString()!),
            devnet.Chain.StateAt(devnet.Chain.Head.Number).GetProof(Address.FromHex(counter), []).BytesRoot,
            [.. proof.GetProperty("storageProof").EnumerateArray().Select(s => new StorageProof(
                RpcHex.ParseUInt256(s.GetProperty("key").GetString()!, "key"), RpcHex.ParseUInt256(s.GetProperty("value").GetString()!, "value"),
                [.. s.GetProperty("proof").EnumerateArray().Select(n => Convert.FromHexString(n.GetString()![2..]))]))],
            []);
        Assert.True(StateProofs.Verify(stateRoot, parsed));
        Assert.False(StateProofs.Verify(stateRoot, parsed with { StorageProofs = [parsed.StorageProofs[0] with { Value = 2 }] }));
    }

    [Fact]
    public async Task eth_subscribe_pushes_new_heads_and_matching_logs_over_WebSocket_and_refuses_HTTP()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        string counter = await DeployCounterAsync(rpc);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{devnet.Url.Port}/"), CancellationToken.None);
        string heads = (await RequestAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}""")).GetProperty("result").GetString()!;
        string logs = (await RequestAsync(socket, $$"""{"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["logs",{"address":"{{counter}}","topics":["{{IncrementedTopic}}"]}]}""")).GetProperty("result").GetString()!;
        string other = (await RequestAsync(socket, """{"jsonrpc":"2.0","id":3,"method":"eth_subscribe","params":["logs",{"topics":["0x0000000000000000000000000000000000000000000000000000000000000001"]}]}""")).GetProperty("result").GetString()!;

        var receipt = await SendAsync(rpc, counter, "0x01");
        var received = new List<JsonElement> { await ReceiveAsync(socket), await ReceiveAsync(socket) };
        Assert.All(received, n => Assert.Equal("eth_subscription", n.GetProperty("method").GetString()));
        var head = received.Single(n => n.GetProperty("params").GetProperty("subscription").GetString() == heads).GetProperty("params").GetProperty("result");
        Assert.Equal(receipt.GetProperty("blockNumber").GetString(), head.GetProperty("number").GetString());
        Assert.Equal(receipt.GetProperty("blockHash").GetString(), head.GetProperty("hash").GetString());
        var log = received.Single(n => n.GetProperty("params").GetProperty("subscription").GetString() == logs).GetProperty("params").GetProperty("result");
        Assert.Equal(receipt.GetProperty("transactionHash").GetString(), log.GetProperty("transactionHash").GetString());
        Assert.DoesNotContain(received, n => n.GetProperty("params").GetProperty("subscription").GetString() == other);

        Assert.True((await RequestAsync(socket, $$"""{"jsonrpc":"2.0","id":4,"method":"eth_unsubscribe","params":["{{heads}}"]}""")).GetProperty("result").GetBoolean());
        await SendAsync(rpc, counter, "0x01");
        var next = await ReceiveAsync(socket);
        Assert.Equal(logs, next.GetProperty("params").GetProperty("subscription").GetString());

        var overHttp = await rpc.CallAsync("eth_subscribe", "newHeads");
        Assert.Equal(-32001, overHttp.GetProperty("error").GetProperty("code").GetInt32());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private static async Task<JsonElement> RequestAsync(ClientWebSocket socket, string request)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
        return await ReceiveAsync(socket);
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }
}
