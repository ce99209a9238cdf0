using System.Numerics;
using System.Text.Json;
using Contracts.Chain.Transactions;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Rpc;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Contracts.Devnet.Tests;

/// <summary>
/// The devnet on the real chain, end to end over HTTP on a free loopback port, driven by Nethereum as an
/// independent client (it signs, encodes and decodes on its own) and by raw JSON-RPC.
/// </summary>
public sealed class ChainDevnetTests
{
    private const string Bob = "0x000000000000000000000000000000000000b0b0";
    private const string IncrementedTopic = "0x20d8a6f5a693f9d1d627a598e8820f7a55ee74c183aa8f1a30e8d4e8dd9a8d84";
    private static readonly string AliceKey = Hex(DevAccounts.List[0].PrivateKey);
    private static readonly string Alice = RpcHex.Data(DevAccounts.List[0].Address);

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static Web3 Wallet(Uri url, string key)
    {
        var web3 = new Web3(new Account(key, 31337), url.ToString());
        web3.TransactionManager.UseLegacyAsDefault = false;
        return web3;
    }

    private static TransactionInput Eip1559(string from, string? to, BigInteger value, string? data, ulong gas) => new()
    {
        From = from,
        To = to,
        Value = new HexBigInteger(value),
        Data = data,
        Gas = new HexBigInteger(gas),
        MaxFeePerGas = new HexBigInteger(5_000_000_000),
        MaxPriorityFeePerGas = new HexBigInteger(1_000_000_000),
        Type = new HexBigInteger(2),
    };

    [Fact]
    public async Task Nethereum_signs_an_EIP1559_transfer_deploys_calls_and_decodes_a_revert_reason()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var web3 = Wallet(devnet.Url, AliceKey);

        var transfer = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, Bob, 12345, null, 21_000));
        Assert.Equal(1, (int)transfer.Status.Value);
        Assert.Equal(21_000, (int)transfer.GasUsed.Value);
        var sent = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transfer.TransactionHash);
        Assert.Equal(2, (int)sent.Type.Value);
        Assert.Equal(Alice, sent.From, ignoreCase: true);
        Assert.Equal(12345, (int)(await web3.Eth.GetBalance.SendRequestAsync(Bob)).Value);

        var deploy = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, null, 0, Hex(ChainDevnet.Contract("counter")), 5_000_000));
        Assert.Equal(1, (int)deploy.Status.Value);
        string counter = deploy.ContractAddress;
        Assert.NotNull(counter);
        Assert.Equal(Hex(ChainDevnet.Contract("counter")), await web3.Eth.GetCode.SendRequestAsync(counter));

        var increment = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, counter, 0, "0x01", 1_000_000));
        Assert.Equal(1, (int)increment.Status.Value);
        Assert.Single(increment.Logs);
        Assert.Equal(IncrementedTopic, increment.Logs[0].Topics[0].ToString());
        string value = await web3.Eth.Transactions.Call.SendRequestAsync(new CallInput { To = counter, Data = "0x00" });
        Assert.Equal("0x" + new string('0', 63) + "1", value);
        Assert.Equal("0x" + new string('0', 63) + "1", await web3.Eth.GetStorageAt.SendRequestAsync(counter, new HexBigInteger(0)));

        var refused = await Assert.ThrowsAsync<RpcResponseException>(() => web3.Eth.Transactions.Call.SendRequestAsync(new CallInput { From = Alice, To = counter, Data = "0x02" }));
        Assert.Equal(3, refused.RpcError.Code);
        Assert.StartsWith("execution reverted: counter: refused", refused.RpcError.Message); // Nethereum appends ": eth_call"
        Assert.Equal("counter: refused", new FunctionCallDecoder().DecodeFunctionErrorMessage(refused.RpcError.Data.ToString()));

        // A transaction that reverts is mined as failed, and estimating it gives the same code-3 error.
        var estimate = await Assert.ThrowsAsync<RpcResponseException>(() => web3.Eth.Transactions.EstimateGas.SendRequestAsync(new CallInput { From = Alice, To = counter, Data = "0x02" }));
        Assert.Equal(3, estimate.RpcError.Code);
        var failed = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, counter, 0, "0x02", 1_000_000));
        Assert.Equal(0, (int)failed.Status.Value);

        var logs = await devnet.Client.ResultAsync("eth_getLogs", new { fromBlock = "0x0", toBlock = "latest", topics = new[] { IncrementedTopic } });
        Assert.Equal(1, logs.GetArrayLength());
        Assert.Equal(increment.TransactionHash, logs[0].GetProperty("transactionHash").GetString());
    }

    [Fact]
    public async Task A_restart_from_the_data_directory_keeps_blocks_receipts_state_and_logs_and_continues_the_chain()
    {
        using var directory = new TempDirectory();
        string incrementHash;
        string counter;
        JsonElement headBefore;
        await using (var devnet = await ChainDevnet.StartAsync(directory.Path))
        {
            var web3 = Wallet(devnet.Url, AliceKey);
            await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, Bob, 777, null, 21_000));
            var deploy = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, null, 0, Hex(ChainDevnet.Contract("counter")), 5_000_000));
            counter = deploy.ContractAddress;
            incrementHash = (await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, counter, 0, "0x01", 1_000_000))).TransactionHash;
            headBefore = await devnet.Client.ResultAsync("eth_getBlockByNumber", "latest", true);
        }

        await using (var devnet = await ChainDevnet.StartAsync(directory.Path))
        {
            var rpc = devnet.Client;
            var head = await rpc.ResultAsync("eth_getBlockByNumber", "latest", true);
            Assert.Equal(headBefore.ToString(), head.ToString());
            Assert.Equal("0x3", head.GetProperty("number").GetString());
            Assert.Equal("0x309", (await rpc.ResultAsync("eth_getBalance", Bob, "latest")).GetString());
            Assert.Equal("0x3", (await rpc.ResultAsync("eth_getTransactionCount", Alice, "pending")).GetString());
            Assert.Equal("0x" + new string('0', 63) + "1", (await rpc.ResultAsync("eth_getStorageAt", counter, "0x0", "latest")).GetString());
            var receipt = await rpc.ResultAsync("eth_getTransactionReceipt", incrementHash);
            Assert.Equal("0x1", receipt.GetProperty("status").GetString());
            Assert.Equal(IncrementedTopic, receipt.GetProperty("logs")[0].GetProperty("topics")[0].GetString());
            Assert.Equal(1, (await rpc.ResultAsync("eth_getLogs", new { fromBlock = "0x0", address = counter })).GetArrayLength());

            var web3 = Wallet(devnet.Url, AliceKey);
            var next = await web3.TransactionManager.SendTransactionAndWaitForReceiptAsync(Eip1559(Alice, counter, 0, "0x01", 1_000_000));
            Assert.Equal(4, (int)next.BlockNumber.Value);
            Assert.Equal(head.GetProperty("hash").GetString(), (await rpc.ResultAsync("eth_getBlockByNumber", "0x4", false)).GetProperty("parentHash").GetString());
            Assert.Equal("0x" + new string('0', 63) + "2", (await rpc.ResultAsync("eth_call", new { to = counter, data = "0x00" }, "latest")).GetString());
        }
    }

    /// <summary>
    /// 8 clients, each a dev account sending its own nonce-ordered transfers over its own connection, concurrently;
    /// every transaction is in exactly one block once, with a successful receipt. 1,000 per client (about 8 s);
    /// DEVNET_STRESS_TXS sets another number.
    /// </summary>
    [Fact]
    public async Task Eight_concurrent_clients_lose_and_duplicate_no_transaction()
    {
        int perClient = int.TryParse(Environment.GetEnvironmentVariable("DEVNET_STRESS_TXS"), out int n) ? n : 1_000;
        const int clients = 8;
        await using var devnet = await ChainDevnet.StartAsync();
        var signed = Enumerable.Range(0, clients).Select(c => Enumerable.Range(0, perClient)
            .Select(i => TransactionSigner.Sign(Transfer(Recipient(c), (ulong)(i + 1), (ulong)i), DevAccounts.List[c].PrivateKey)).ToArray()).ToArray();

        var answered = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var rpc = new RpcClient(devnet.Url);
            var hashes = new List<string>(perClient);
            foreach (var tx in signed[c]) hashes.Add((await rpc.ResultAsync("eth_sendRawTransaction", Hex(tx.Encoded.ToArray()))).GetString()!);
            return hashes;
        })));

        var sent = signed.SelectMany(s => s).Select(t => RpcHex.Data(t.Hash)).ToHashSet();
        Assert.Equal(sent, answered.SelectMany(h => h).ToHashSet());
        var rpc = devnet.Client;
        ulong head = Convert.ToUInt64((await rpc.ResultAsync("eth_blockNumber")).GetString(), 16);
        var mined = new List<string>();
        for (ulong number = 1; number <= head; number++)
        {
            var block = await rpc.ResultAsync("eth_getBlockByNumber", "0x" + number.ToString("x"), false);
            mined.AddRange(block.GetProperty("transactions").EnumerateArray().Select(t => t.GetString()!));
        }
        Assert.Equal(clients * perClient, mined.Count);
        Assert.Equal(sent, mined.ToHashSet());
        Assert.True(head < (ulong)(clients * perClient), $"concurrent senders share blocks: {head} blocks for {clients * perClient} transactions");
        for (int c = 0; c < clients; c++)
        {
            Assert.Equal("0x" + perClient.ToString("x"), (await rpc.ResultAsync("eth_getTransactionCount", RpcHex.Data(DevAccounts.List[c].Address), "latest")).GetString());
            ulong expected = (ulong)perClient * (ulong)(perClient + 1) / 2;
            Assert.Equal("0x" + expected.ToString("x"), (await rpc.ResultAsync("eth_getBalance", RpcHex.Data(Recipient(c)), "latest")).GetString());
        }
        foreach (string hash in answered.SelectMany(h => h).Take(50))
            Assert.Equal("0x1", (await rpc.ResultAsync("eth_getTransactionReceipt", hash)).GetProperty("status").GetString());
        Assert.Equal(0, devnet.Server.Node.PendingCount);
    }

    internal static Address Recipient(int index)
    {
        var bytes = new byte[20];
        bytes[0] = 0xaa;
        bytes[19] = (byte)(index + 1);
        return new Address(bytes);
    }

    internal static UnsignedTransaction Transfer(Address to, UInt256 value, ulong nonce) => new()
    {
        Type = TransactionType.DynamicFee,
        ChainId = 31337,
        Nonce = nonce,
        MaxFeePerGas = 10_000_000_000,
        MaxPriorityFeePerGas = 1_000_000_000,
        GasLimit = 21_000,
        To = to,
        Value = value,
    };
}
