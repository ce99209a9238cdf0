using System.Diagnostics;
using System.Globalization;
using Contracts.Abi;
using Contracts.Devnet.Benchmarks;
using Contracts.State.Primitives;

// The devnet's speed through its JSON-RPC, against anvil measured by the same client in the same run (issue 12):
// sustained ETH transfers/s and sample-token transfers/s with 32 pre-signed transactions in flight and automine,
// eth_call latency, and start-up time to the first answered request. Each node runs in its own process.
//   dotnet run -c Release --project node-adapter/Contracts.Devnet.Benchmarks -- [--transfers N] [--token-transfers N]
//       [--calls N] [--anvil PATH] [--rocksdb] [--quick] [--no-anvil (a profiling run: the devnet only, no ratios)]
var options = BenchOptions.Parse(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"devnet benchmark: {options.Transfers} ETH transfers and {options.TokenTransfers} token transfers per node, {TransferRun.Senders} in flight, {options.Calls} eth_calls");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");

int perSender = Math.Max(1, options.Transfers / TransferRun.Senders);
const int warmup = 20;
var eth = (Func<int, int, (Address, UInt256, byte[], ulong)>)((s, i) => (TransferRun.Recipient((s * 31 + i) % 256), 1, [], 21_000));
var ethWarmup = TransferRun.Sign(warmup, 0, eth);
var ethMeasured = TransferRun.Sign(perSender, warmup, eth);
var results = new List<NodeResult>();

var nodes = new List<Func<Task<NodeProcess>>> { () => NodeProcess.StartDevnetAsync(null) };
if (!options.NoAnvil) nodes.Insert(0, () => NodeProcess.StartAnvilAsync(options.Anvil));
if (options.RocksDb) nodes.Add(() => NodeProcess.StartDevnetAsync(Directory.CreateTempSubdirectory("devnet-bench-").FullName));
foreach (var start in nodes)
{
    using var node = await start();
    using var rpc = new JsonRpc(node.Url, connections: 2 * TransferRun.Senders);
    Console.Error.WriteLine($"{node.Name}: answering after {node.Startup.TotalMilliseconds:F0} ms");
    await TransferRun.FundAsync(rpc);
    await TransferRun.RunAsync(rpc, ethWarmup, warmup - 1);
    Console.Error.WriteLine($"{node.Name}: warmed up");
    var ethTime = await TransferRun.RunAsync(rpc, ethMeasured, warmup + (ulong)perSender - 1);
    var plainCall = JsonRpc.Body("eth_call", new { from = TransferRun.Accounts[0].Address.ToString(), to = TransferRun.Recipient(0).ToString(), value = "0x1" }, "latest");
    var callLatency = await LatencyAsync(rpc, plainCall, options.Calls);
    double? tokenRate = null;
    Latency? tokenCall = null;
    if (node.Name.StartsWith("devnet", StringComparison.Ordinal))
        (tokenRate, tokenCall) = await TokenAsync(rpc, warmup + (ulong)perSender, options);
    results.Add(new NodeResult(node.Name, node.Startup, perSender * TransferRun.Senders / ethTime.TotalSeconds, callLatency, tokenRate, tokenCall));
    var r = results[^1];
    Console.WriteLine($"{r.Name,-20} start-up {r.Startup.TotalMilliseconds,7:F0} ms   ETH transfers {r.EthPerSecond,8:F0}/s   eth_call p50 {r.Call.P50,7:F0} µs p99 {r.Call.P99,7:F0} µs"
        + (r.TokenPerSecond is { } t ? $"   token transfers {t,8:F0}/s   token balanceOf p50 {r.TokenCall!.P50:F0} µs" : ""));
}

if (options.NoAnvil)
{
    Console.WriteLine($"--no-anvil: no ratios (profiling run); load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    return 0;
}
var anvil = results[0];
var devnet = results[1];
Console.WriteLine();
Console.WriteLine($"ratios (devnet in memory / anvil, same client, same run):");
Console.WriteLine($"  ETH transfers/s          {devnet.EthPerSecond / anvil.EthPerSecond,6:F2}x   (target >= 5x)");
Console.WriteLine($"  token transfers/s        {devnet.TokenPerSecond!.Value / anvil.EthPerSecond,6:F2}x   (the devnet's Wasm token against anvil's ETH transfer)");
Console.WriteLine($"  eth_call latency p50     {anvil.Call.P50 / devnet.Call.P50,6:F2}x faster");
Console.WriteLine($"  start-up to first answer {anvil.Startup / devnet.Startup,6:F2}x faster");
if (results.Count > 2) Console.WriteLine($"  RocksDB devnet ETH/s     {results[2].EthPerSecond / anvil.EthPerSecond,6:F2}x");
Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

static async Task<Latency> LatencyAsync(JsonRpc rpc, byte[] body, int count)
{
    for (int i = 0; i < Math.Min(200, count); i++) await rpc.PostAsync(body);
    var samples = new double[count];
    for (int i = 0; i < count; i++)
    {
        long start = Stopwatch.GetTimestamp();
        await rpc.PostAsync(body);
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    Array.Sort(samples);
    return new Latency(samples[count / 2], samples[(int)(count * 0.99)]);
}

// Deploys the sample token from the first sender, gives every sender tokens, then times pre-signed transfers.
static async Task<(double PerSecond, Latency BalanceOf)> TokenAsync(JsonRpc rpc, ulong firstNonce, BenchOptions options)
{
    var code = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "token.wasm"));
    var abi = ContractAbiSection.Read(code) ?? throw new InvalidOperationException("token.wasm has no contracts.abi section");
    var transfer = abi.GetFunction("transfer");
    // The first dev account deploys (holding the supply) and gives each sender tokens; the senders' nonces stay uniform.
    var deployer = Contracts.Devnet.Accounts.DevAccounts.List[0];
    ulong deployerNonce = JsonRpc.Quantity(await rpc.CallAsync("eth_getTransactionCount", deployer.Address.ToString(), "latest"));
    var hash = (await rpc.PostAsync(TransferRun.Sign(deployer.PrivateKey, 1, deployerNonce, _ => (null, 0, code, 10_000_000))[0])).GetString();
    var receipt = await rpc.CallAsync("eth_getTransactionReceipt", hash);
    var token = Address.FromHex(receipt.GetProperty("contractAddress").GetString()!);
    foreach (var gift in TransferRun.Sign(deployer.PrivateKey, TransferRun.Senders, deployerNonce + 1, i => (token, 0, transfer.EncodeCall(TransferRun.Accounts[i].Address, 1_000_000), 1_000_000)))
        await rpc.PostAsync(gift);
    var estimate = JsonRpc.Quantity(await rpc.CallAsync("eth_estimateGas", new { from = TransferRun.Accounts[0].Address.ToString(), to = token.ToString(), data = Hex.Encode(transfer.EncodeCall(TransferRun.Recipient(0), 1)) }));
    int perSender = Math.Max(1, options.TokenTransfers / TransferRun.Senders);
    const int warmup = 10;
    var bodies = TransferRun.Sign(warmup + perSender, firstNonce, (sender, i) => (token, 0, transfer.EncodeCall(TransferRun.Recipient((sender * 31 + i) % 256), 1), estimate * 2));
    await TransferRun.RunAsync(rpc, [.. bodies.Select(b => b[..warmup])], firstNonce + warmup - 1);
    var time = await TransferRun.RunAsync(rpc, [.. bodies.Select(b => b[warmup..])], firstNonce + warmup + (ulong)perSender - 1);
    var balanceOf = JsonRpc.Body("eth_call", new { to = token.ToString(), data = Hex.Encode(abi.GetFunction("balanceOf").EncodeCall(deployer.Address)) }, "latest");
    return (perSender * TransferRun.Senders / time.TotalSeconds, await LatencyAsync(rpc, balanceOf, options.Calls));
}

internal sealed record Latency(double P50, double P99);

internal sealed record NodeResult(string Name, TimeSpan Startup, double EthPerSecond, Latency Call, double? TokenPerSecond, Latency? TokenCall);

internal sealed record BenchOptions(int Transfers, int TokenTransfers, int Calls, string Anvil, bool RocksDb, bool NoAnvil)
{
    public static BenchOptions Parse(string[] args)
    {
        bool quick = args.Contains("--quick");
        var options = new BenchOptions(quick ? 1_600 : 9_600, quick ? 960 : 4_800, quick ? 500 : 3_000, "anvil", args.Contains("--rocksdb"), args.Contains("--no-anvil"));
        for (int i = 0; i + 1 < args.Length; i++)
        {
            options = args[i] switch
            {
                "--transfers" => options with { Transfers = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--token-transfers" => options with { TokenTransfers = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--calls" => options with { Calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--anvil" => options with { Anvil = args[i + 1] },
                _ => options,
            };
        }
        return options;
    }
}
