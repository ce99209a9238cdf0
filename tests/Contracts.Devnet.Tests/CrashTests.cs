using System.Diagnostics;
using System.Globalization;
using Contracts.Chain.Transactions;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Rpc;
using Xunit.Abstractions;

namespace Contracts.Devnet.Tests;

/// <summary>
/// <c>kill -9</c> of <c>contract-cli devnet</c> on RocksDB in the middle of a burst of transfers, 20 times on the same
/// data directory: after each restart every transaction whose receipt the node had returned is there, in the same
/// block, and the chain goes on from where it stopped. A receipt is only returned once its block is committed in one
/// synced write, so nothing acknowledged may be lost.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Runs = 20;
    private const int Senders = 4;
    private const int PerSender = 40;

    [Fact]
    public async Task Every_receipt_returned_before_a_kill_9_is_there_after_a_restart_from_the_data_directory()
    {
        using var directory = new TempDirectory();
        var random = new Random(20261206);
        var acknowledged = new Dictionary<string, (string BlockHash, ulong BlockNumber)>();
        List<KeyValuePair<string, (string BlockHash, ulong BlockNumber)>> lastRun = [];
        var watch = Stopwatch.StartNew();
        for (int run = 0; run <= Runs; run++)
        {
            var started = Stopwatch.StartNew();
            using var devnet = DevnetProcess.Start(directory.Path);
            var startedAfter = started.Elapsed;
            using var rpc = new RpcClient(devnet.Url);

            // The restart kept every acknowledged receipt, in its block, on the canonical chain: those of the last run
            // after each restart, all of them after the last one.
            ulong head = Quantity(await rpc.ResultAsync("eth_blockNumber"));
            var check = run == Runs ? acknowledged.ToList() : lastRun;
            foreach (var chunk in check.Chunk(500))
            {
                var receipts = await rpc.BatchAsync("eth_getTransactionReceipt", [.. chunk.Select(a => new object?[] { a.Key })]);
                for (int i = 0; i < chunk.Length; i++)
                {
                    var (hash, (blockHash, blockNumber)) = chunk[i];
                    Assert.True(receipts[i].ValueKind == System.Text.Json.JsonValueKind.Object, $"run {run}: the receipt of {hash} (block {blockNumber}) was returned before the kill and is gone");
                    Assert.Equal(blockHash, receipts[i].GetProperty("blockHash").GetString());
                    Assert.Equal("0x1", receipts[i].GetProperty("status").GetString());
                    Assert.True(blockNumber <= head);
                }
            }
            if (run == Runs) break;

            // A burst: each sender sends its transfers one after another, each waiting for its receipt.
            var nonces = new ulong[Senders];
            for (int s = 0; s < Senders; s++)
                nonces[s] = Quantity(await rpc.ResultAsync("eth_getTransactionCount", RpcHex.Data(DevAccounts.List[s].Address), "latest"));
            var burst = Enumerable.Range(0, Senders).Select(s => Enumerable.Range(0, PerSender)
                .Select(i => TransactionSigner.Sign(ChainDevnetTests.Transfer(ChainDevnetTests.Recipient(s), 1, nonces[s] + (ulong)i), DevAccounts.List[s].PrivateKey))
                .ToArray()).ToArray();
            var returned = new List<(string Hash, string BlockHash, ulong BlockNumber)>();
            int killAfter = random.Next(0, Senders * PerSender / 2);
            var clients = Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
            {
                using var client = new RpcClient(devnet.Url);
                try
                {
                    foreach (var tx in burst[s])
                    {
                        await client.ResultAsync("eth_sendRawTransaction", RpcHex.Data(tx.Encoded.Span));
                        var receipt = await client.ResultAsync("eth_getTransactionReceipt", RpcHex.Data(tx.Hash));
                        lock (returned) returned.Add((RpcHex.Data(tx.Hash), receipt.GetProperty("blockHash").GetString()!, Quantity(receipt.GetProperty("blockNumber"))));
                    }
                }
                catch (HttpRequestException)
                {
                    // The node was killed while this request was in flight: its transaction may or may not be there.
                }
            })).ToArray();

            var deadline = Stopwatch.StartNew();
            while (Count(returned) < killAfter && deadline.Elapsed < TimeSpan.FromSeconds(30) && !clients.All(c => c.IsCompleted)) await Task.Delay(1);
            await Task.Delay(random.Next(0, 20));
            devnet.Kill();
            await Task.WhenAll(clients);
            lock (returned)
            {
                foreach (var (hash, blockHash, blockNumber) in returned) acknowledged.Add(hash, (blockHash, blockNumber));
                lastRun = [.. returned.Select(r => KeyValuePair.Create(r.Hash, (r.BlockHash, r.BlockNumber)))];
                output.WriteLine($"run {run}: listening {startedAfter.TotalSeconds:F1} s after the start, at head {head}; killed after {returned.Count} receipts (aimed at {killAfter})");
            }
        }
        output.WriteLine($"{Runs} kills, {acknowledged.Count} acknowledged receipts all kept, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(acknowledged.Count >= Runs * 2, $"only {acknowledged.Count} receipts were returned: the kills did not interrupt a working node");
    }

    private static int Count<T>(List<T> list)
    {
        lock (list) return list.Count;
    }

    private static ulong Quantity(System.Text.Json.JsonElement hex) =>
        ulong.Parse(hex.GetString()![2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
