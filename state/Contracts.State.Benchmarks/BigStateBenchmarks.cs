using BenchmarkDotNet.Attributes;
using Contracts.State.Primitives;
using Contracts.State.Storage;

namespace Contracts.State.Benchmarks;

/// <summary>
/// 10,000 updates to an existing 1,000,000-slot storage trie, then the commit (see <see cref="BigStateWorkload"/>):
/// ours in memory and on RocksDB (one synced batch; every block is a view on the same 1M-slot root), Nethereum's
/// trie updating its in-memory copy and recomputing the root.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class BigStateBenchmarks
{
    private BigStateWorkload _workload = null!;
    private MemoryStateStore? _memory;
    private RocksDbStateStore? _rocks;
    private string _rocksDirectory = "";
    private Hash256 _memoryRoot;
    private Hash256 _rocksRoot;
    private global::Nethereum.Merkle.Patricia.PatriciaTrie? _nethereum;
    private global::Nethereum.Merkle.Patricia.InMemoryTrieStorage? _nethereumStorage;
    private (UInt256 Slot, UInt256 Value)[] _block = [];

    [GlobalSetup(Target = nameof(OursInMemory))]
    public void SetupMemory()
    {
        _workload = new BigStateWorkload();
        _memory = new MemoryStateStore();
        _memoryRoot = _workload.Populate(_memory);
    }

    [GlobalSetup(Target = nameof(OursRocksDb))]
    public void SetupRocks()
    {
        _workload = new BigStateWorkload();
        _rocksDirectory = Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        _rocks = RocksDbStateStore.Open(_rocksDirectory);
        _rocksRoot = _workload.Populate(_rocks);
    }

    [GlobalSetup(Target = nameof(Nethereum))]
    public void SetupNethereum()
    {
        _workload = new BigStateWorkload();
        _nethereumStorage = new global::Nethereum.Merkle.Patricia.InMemoryTrieStorage();
        _nethereum = _workload.PopulateNethereum(_nethereumStorage);
        _ = _nethereum.Root.GetHash();
    }

    [IterationSetup]
    public void NextBlock() => _block = _workload.NextBlock();

    [Benchmark(Baseline = true)]
    public byte[] Nethereum() => BigStateWorkload.ApplyNethereum(_nethereum!, _nethereumStorage!, _block);

    [Benchmark]
    public Hash256 OursInMemory() => BigStateWorkload.Apply(_memory!, _memoryRoot, _block);

    [Benchmark]
    public Hash256 OursRocksDb() => BigStateWorkload.Apply(_rocks!, _rocksRoot, _block);

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory?.Dispose();
        _rocks?.Dispose();
        if (_rocksDirectory.Length > 0) Directory.Delete(_rocksDirectory, recursive: true);
    }
}
