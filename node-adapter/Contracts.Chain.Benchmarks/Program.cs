using System.Globalization;
using Contracts.Chain.Benchmarks;
using Contracts.Execution.Crypto;

// The chain's block benchmark (issue 11's speed target): blocks of signed sample-token transfers through
// Blockchain.ExecuteBlock + Commit on in-memory and RocksDB state, against the same transfers through the
// TransactionExecutor alone, and replay of the same blocks. Results: node-adapter/Contracts.Chain/BENCHMARKS.md.
//
//   dotnet run -c Release --project node-adapter/Contracts.Chain.Benchmarks -- quick
//   dotnet run -c Release --project node-adapter/Contracts.Chain.Benchmarks -- parts [--store memory] [--rounds N] [--part NAME] [--allocations]   # CPU per part of a block
//   dotnet run -c Release --project node-adapter/Contracts.Chain.Benchmarks -- full [--store memory,rocksdb] [--transfers N] [--blocks N] [--warmup N]
string mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "quick";
if (mode is not ("quick" or "full" or "parts"))
{
    Console.Error.WriteLine("usage: Contracts.Chain.Benchmarks quick|full|parts [--store memory|rocksdb|rocksdb-sync] [--transfers N] [--blocks N] [--warmup N] [--tier tiered|interpreter|compiled] [--senders-ahead] [--no-jit-warmup] [--part NAME] [--allocations]");
    return 2;
}
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
int transfers = int.Parse(Option("--transfers") ?? "1000", CultureInfo.InvariantCulture);
int blocks = int.Parse(Option("--blocks") ?? (mode == "quick" ? "5" : "20"), CultureInfo.InvariantCulture);
int warmup = int.Parse(Option("--warmup") ?? (mode == "quick" ? "2" : "4"), CultureInfo.InvariantCulture);
var tier = Enum.Parse<Contracts.Engine.ExecutionTier>(Option("--tier") ?? "Tiered", ignoreCase: true);
bool sendersAhead = args.Contains("--senders-ahead");
string[] stores = Option("--store") is { } store ? store.Split(',') : ["memory", "rocksdb"];

string scratch = Path.Combine(Path.GetTempPath(), $"contracts-chain-bench-{Environment.ProcessId}");
Directory.CreateDirectory(scratch);
try
{
    Console.WriteLine($"chain benchmark ({mode}): {blocks} measured blocks of {transfers} token transfers after {warmup} warm-up blocks, per store");
    Console.WriteLine($"tier: {tier}; senders: {(sendersAhead ? "next block's recovered during this block's commit (Blockchain.RecoverSendersAhead)" : "recovered inside ExecuteBlock")}; machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; secp256k1: {Secp256k1.BackendName}; {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
    Console.WriteLine("stores: rocksdb writes behind as Blockchain.Open(dir) does (blocks back to back, each executing while the previous one's synced write finishes; the last write's flush counted as commit time; the reference's blocks after the chain's); rocksdb-sync commits synced before Commit returns (reference interleaved block by block)");
    var workload = new TokenWorkload(transfers);
    if (mode == "parts")
    {
        using var allocations = args.Contains("--allocations") ? new AllocationSampler() : null;
        foreach (var kind in stores) PartsBenchmark.Run(kind, workload, warmup, int.Parse(Option("--rounds") ?? "5", CultureInfo.InvariantCulture), scratch, Option("--part"), allocations);
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }
    // Exceptions on a hot path cost microseconds each: count them (by type and message) so one shows up here.
    var exceptions = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
    AppDomain.CurrentDomain.FirstChanceException += (_, e) => exceptions.AddOrUpdate($"{e.Exception.GetType().Name}: {e.Exception.Message}", 1, (_, count) => count + 1);
    // The first store measured used to pay the JIT's tiering (its CPU per transfer was ~1.5x the second's, which made
    // the in-memory store, measured first, look slower than RocksDB): a throwaway run on its own store settles it.
    if (!args.Contains("--no-jit-warmup")) BlockBenchmark.Run("memory", workload, warmup, 2, scratch, tier);
    Console.WriteLine();
    Console.WriteLine("| store | chain transfers/s | ExecuteBlock ms/block | Commit ms/block | reference transfers/s (executor + state commit) | chain / reference | recovery alone ms/block | replay blocks/s, 1 thread | replay blocks/s, all cores | CPU µs/transfer, chain (executing thread) / reference / recovery alone | gas/transfer | allocated/transfer, chain / reference | gen2 GCs |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var kind in stores)
    {
        var r = BlockBenchmark.Run(kind, workload, warmup, blocks, scratch, tier, sendersAhead);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Store} | {r.ChainTransfersPerSecond:N0} | {r.ChainExecute.TotalMilliseconds / r.Blocks:F1} | {r.ChainCommit.TotalMilliseconds / r.Blocks:F1} | " +
            $"{r.ReferenceTransfersPerSecond:N0} ({r.ReferenceExecute.TotalMilliseconds / r.Blocks:F1} + {r.ReferenceCommit.TotalMilliseconds / r.Blocks:F1} ms/block) | " +
            $"{r.ChainTransfersPerSecond / r.ReferenceTransfersPerSecond:F2} | {r.Recovery.TotalMilliseconds / r.Blocks:F1} | " +
            $"{r.ReplaySerial.BlocksPerSecond:F1} | {r.ReplayParallel.BlocksPerSecond:F1} | {r.ChainCpuMicrosecondsPerTransfer:F0} ({r.ChainThreadCpuMicrosecondsPerTransfer:F0}) / {r.ReferenceCpuMicrosecondsPerTransfer:F0} / {r.RecoveryCpuMicrosecondsPerTransfer:F0} | {r.GasPerTransfer:N0} | {r.ChainBytesPerTransfer:N0} B / {r.ReferenceBytesPerTransfer:N0} B | {r.ChainGen2Collections} |"));
    }
    Console.WriteLine();
    Console.WriteLine($"load average after: {LoadAverage()}; exceptions thrown in the whole run: {exceptions.Values.Sum()}");
    foreach (var (message, count) in exceptions.OrderByDescending(e => e.Value).Take(5)) Console.WriteLine($"  {count} x {message}");
    return 0;
}
finally
{
    if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
