using BenchmarkDotNet.Attributes;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.Trie;
using Contracts.State.World;
using Nethereum.Util;

namespace Contracts.State.Benchmarks;

/// <summary>
/// 100,000 random 32-byte storage writes into one contract, then the commit that yields the root: ours into the
/// in-memory store and into RocksDB (flat index and nodes written, synced), and Nethereum's Patricia trie
/// building the same secure trie (keys hashed with Keccak-256) and computing its root.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class CommitBenchmarks
{
    private const int Writes = 100_000;

    private static readonly Address Contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");

    private byte[][] _keys = [];
    private byte[][] _values = [];
    private string _rocksDirectory = "";
    private RocksDbStateStore? _rocks;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _keys = new byte[Writes][];
        _values = new byte[Writes][];
        for (var i = 0; i < Writes; i++)
        {
            random.NextBytes(_keys[i] = new byte[32]);
            random.NextBytes(_values[i] = new byte[32]);
        }

        // Both sides must build the same trie, or the comparison means nothing.
        var ours = OursInMemoryStorageRoot();
        var theirs = NethereumRoot();
        if (ours != theirs)
        {
            throw new InvalidOperationException($"Storage roots differ: ours {ours}, Nethereum {theirs}.");
        }
    }

    [Benchmark(Baseline = true)]
    public Hash256 Nethereum() => NethereumRoot();

    [Benchmark]
    public Hash256 OursInMemory()
    {
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        for (var i = 0; i < Writes; i++)
        {
            state.SetSlot(Contract, UInt256.FromBigEndian(_keys[i]), UInt256.FromBigEndian(_values[i]));
        }

        return state.Commit();
    }

    /// <summary>Exactly Nethereum's work: the secure trie built in memory and its root, nothing stored.</summary>
    [Benchmark]
    public Hash256 OursTrieOnly()
    {
        var trie = new SecureTrie();
        for (var i = 0; i < Writes; i++)
        {
            trie.Set(_keys[i], Rlp(_values[i]));
        }

        return trie.RootHash;
    }

    [IterationSetup(Target = nameof(OursRocksDb))]
    public void OpenRocks()
    {
        _rocksDirectory = Path.Combine(Path.GetTempPath(), "contracts-state-bench", Guid.NewGuid().ToString("N"));
        _rocks = RocksDbStateStore.Open(_rocksDirectory);
    }

    [Benchmark]
    public Hash256 OursRocksDb()
    {
        var state = WorldState.OpenHead(_rocks!);
        for (var i = 0; i < Writes; i++)
        {
            state.SetSlot(Contract, UInt256.FromBigEndian(_keys[i]), UInt256.FromBigEndian(_values[i]));
        }

        return state.Commit();
    }

    [IterationCleanup(Target = nameof(OursRocksDb))]
    public void CloseRocks()
    {
        _rocks?.Dispose();
        Directory.Delete(_rocksDirectory, recursive: true);
    }

    private Hash256 OursInMemoryStorageRoot()
    {
        using var store = new MemoryStateStore();
        var state = WorldState.OpenHead(store);
        for (var i = 0; i < Writes; i++)
        {
            state.SetSlot(Contract, UInt256.FromBigEndian(_keys[i]), UInt256.FromBigEndian(_values[i]));
        }

        state.Commit();
        return state.GetAccount(Contract)!.Value.StorageRoot;
    }

    private Hash256 NethereumRoot()
    {
        var keccak = new Sha3Keccack();
        var trie = new global::Nethereum.Merkle.Patricia.PatriciaTrie();
        var storage = new global::Nethereum.Merkle.Patricia.InMemoryTrieStorage();
        for (var i = 0; i < Writes; i++)
        {
            trie.Put(keccak.CalculateHash(_keys[i]), Rlp(_values[i]), storage);
        }

        return new Hash256(trie.Root.GetHash());
    }

    /// <summary>The slot value as Ethereum stores it: RLP of the big-endian bytes without leading zeros.</summary>
    private static byte[] Rlp(byte[] value)
    {
        var trimmed = value.AsSpan(value.AsSpan().IndexOfAnyExcept((byte)0) is var i and >= 0 ? i : value.Length);
        return global::Nethereum.RLP.RLP.EncodeElement(trimmed.ToArray());
    }
}
