using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Contracts.Chain.Transactions;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Rpc;
using Xunit.Abstractions;

namespace Contracts.Devnet.Tests;

/// <summary>
/// The issue's backlog: 10,000 pending transactions, pre-signed by several senders and sent with nonce gaps, wait in
/// the pool of a devnet running as its own process; filling the gaps drains them all, none lost or duplicated, while
/// the node's memory (its managed heap and its resident set, measured from outside) stays far under 1 GiB.
/// </summary>
public sealed class BacklogTests(ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;

    [Fact]
    public async Task Ten_thousand_pending_transactions_with_nonce_gaps_drain_completely_in_bounded_memory()
    {
        const int senders = 10;
        const int perSender = 1_000;
        // Every sender's nonces 0 and 500 are held back: the rest wait behind the gaps (a backlog of 9,980), then the
        // gaps are filled, 0 first (the first half drains, the second still waits), then 500.
        ulong[] holes = [0, 500];
        var signed = Enumerable.Range(0, senders).Select(s => Enumerable.Range(0, perSender)
            .Select(i => TransactionSigner.Sign(ChainDevnetTests.Transfer(ChainDevnetTests.Recipient(s), (ulong)(i + 1), (ulong)i), DevAccounts.List[s].PrivateKey))
            .ToArray()).ToArray();
        var random = new Random(12);
        var backlog = signed.SelectMany(s => s).Where(t => !holes.Contains(t.Nonce)).OrderBy(_ => random.Next()).ToArray();

        using var devnet = DevnetProcess.Start(dataDirectory: null);
        using var http = new HttpClient { BaseAddress = devnet.Url, Timeout = TimeSpan.FromSeconds(120) };
        using var rpc = new RpcClient(devnet.Url);
        var sampler = new MemorySampler(devnet.Url);
        var watch = Stopwatch.StartNew();

        // 1. The backlog, in batches of 100 from 8 connections at once: nothing is ready, so nothing is mined.
        var answers = await SendAllAsync(http, backlog, batchSize: 100, inFlight: 8);
        Assert.Equal(backlog.Select(t => RpcHex.Data(t.Hash)).Order(StringComparer.Ordinal), answers.Order(StringComparer.Ordinal));
        var queuedAfter = watch.Elapsed;
        Assert.Equal("0x" + backlog.Length.ToString("x", CultureInfo.InvariantCulture), (await rpc.ResultAsync("txpool_status")).GetProperty("pending").GetString());
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_blockNumber")).GetString());

        // 2. The gaps filled: each sender's nonce 0 makes its first 500 ready, nonce 500 the rest.
        foreach (ulong hole in holes)
            answers = await SendAllAsync(http, [.. signed.Select(s => s[hole])], batchSize: 1, inFlight: senders);
        var deadline = Stopwatch.StartNew();
        while ((await rpc.ResultAsync("txpool_status")).GetProperty("pending").GetString() != "0x0")
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "the backlog did not drain in 3 minutes");
            await Task.Delay(50);
        }
        var drainedAfter = watch.Elapsed;
        var peakHeap = await sampler.StopAsync();
        long peakResident = devnet.PeakResidentBytes();

        // 3. Every transaction is in exactly one block, in its sender's nonce order, with its value delivered.
        ulong head = ulong.Parse((await rpc.ResultAsync("eth_blockNumber")).GetString()![2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var mined = new List<string>();
        for (ulong number = 1; number <= head; number++)
        {
            var block = await rpc.ResultAsync("eth_getBlockByNumber", "0x" + number.ToString("x", CultureInfo.InvariantCulture), false);
            mined.AddRange(block.GetProperty("transactions").EnumerateArray().Select(t => t.GetString()!));
        }
        Assert.Equal(senders * perSender, mined.Count);
        var expected = signed.SelectMany(s => s).Select(t => RpcHex.Data(t.Hash)).ToHashSet();
        Assert.Equal(expected, mined.ToHashSet());
        for (int s = 0; s < senders; s++)
        {
            Assert.Equal("0x" + perSender.ToString("x", CultureInfo.InvariantCulture), (await rpc.ResultAsync("eth_getTransactionCount", RpcHex.Data(DevAccounts.List[s].Address), "latest")).GetString());
            ulong delivered = (ulong)perSender * (perSender + 1) / 2;
            Assert.Equal("0x" + delivered.ToString("x", CultureInfo.InvariantCulture), (await rpc.ResultAsync("eth_getBalance", RpcHex.Data(ChainDevnetTests.Recipient(s)), "latest")).GetString());
        }
        var stats = await rpc.ResultAsync("debug_memStats");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{backlog.Length} queued in {queuedAfter.TotalSeconds:F1} s; all {senders * perSender} mined in {head} blocks, drained {(drainedAfter - queuedAfter).TotalSeconds:F1} s after the gaps were filled; "
            + $"peak managed heap {peakHeap >> 20} MiB, peak resident {peakResident >> 20} MiB, {stats.GetProperty("NumGC").GetInt64()} GCs"));

        // The issue's bound is 1 GiB for the node. A pool that kept every transaction's decoded copies, waiters and
        // JSON would still fit 10,000 in far less, so the heap is held to half of that: a leak or a re-scan that
        // allocates per pending transaction per block shows up long before either bound.
        Assert.True(peakResident < OneGiB, $"the node's resident set peaked at {peakResident >> 20} MiB");
        Assert.True(peakHeap < OneGiB / 2, $"the node's managed heap peaked at {peakHeap >> 20} MiB");
    }

    /// <summary>Sends raw transactions as JSON-RPC batches, <paramref name="inFlight"/> at once; returns the hashes answered.</summary>
    internal static async Task<List<string>> SendAllAsync(HttpClient http, IReadOnlyList<SignedTransaction> transactions, int batchSize, int inFlight)
    {
        var batches = transactions.Chunk(batchSize).ToArray();
        var hashes = new List<string>(transactions.Count);
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Length)
            {
                var body = new StringBuilder("[");
                foreach (var (tx, i) in batches[index].Select((t, i) => (t, i)))
                    body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"eth_sendRawTransaction\",\"params\":[\"{RpcHex.Data(tx.Encoded.Span)}\"]}}");
                body.Append(']');
                using var content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("", content);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var answered = json.RootElement.EnumerateArray().Select(r => r.TryGetProperty("result", out var result)
                    ? result.GetString()!
                    : throw new Xunit.Sdk.XunitException($"eth_sendRawTransaction failed: {r}")).ToList();
                lock (hashes) hashes.AddRange(answered);
            }
        })));
        return hashes;
    }

    /// <summary>Polls <c>debug_memStats</c> every 100 ms and keeps the largest managed heap seen.</summary>
    private sealed class MemorySampler
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public MemorySampler(Uri url) => _sampling = Task.Run(async () =>
        {
            using var rpc = new RpcClient(url);
            long peak = 0;
            while (true)
            {
                var stats = await rpc.ResultAsync("debug_memStats");
                peak = Math.Max(peak, stats.GetProperty("HeapAlloc").GetInt64());
                if (_stop.IsCancellationRequested) return peak;
                try { await Task.Delay(100, _stop.Token); }
                catch (OperationCanceledException) { }
            }
        });

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }
    }
}
