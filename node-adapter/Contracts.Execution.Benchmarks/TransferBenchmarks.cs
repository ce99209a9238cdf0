using BenchmarkDotNet.Attributes;
using Contracts.Execution.Crypto;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Storage;

namespace Contracts.Execution.Benchmarks;

/// <summary>
/// Token-transfer-shaped transactions (transfer.wat: 2 keccaks, 2 slot loads, 2 slot stores, a log) through the full
/// execute path, 1,000 per invocation followed by a state commit, on in-memory and RocksDB state; optionally with
/// each sender recovered from its secp256k1 signature first, as a block import does. Reported per transaction.
/// </summary>
[MemoryDiagnoser]
public class TransferBenchmarks
{
    private const int TransactionsPerBlock = 1000;
    private BenchChain? _chain;
    private Address _token;
    private byte[][] _inputs = [];
    private byte[][] _signatures = [];
    private byte[][] _hashes = [];
    private string? _directory;
    private IStateStore? _store;

    [Params("memory", "rocksdb")]
    public string Store { get; set; } = "memory";

    [Params(false, true)]
    public bool RecoverSenders { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IStateStore store = new MemoryStateStore();
        if (Store == "rocksdb")
        {
            _directory = Path.Combine(Path.GetTempPath(), $"contracts-bench-{Environment.ProcessId}");
            store = RocksDbStateStore.Open(_directory);
        }
        _store = store;
        _chain = new BenchChain(store);
        _token = _chain.Deploy("transfer");
        _chain.State.Commit();
        _inputs = new byte[TransactionsPerBlock][];
        _hashes = new byte[TransactionsPerBlock][];
        _signatures = new byte[TransactionsPerBlock][];
        for (int i = 0; i < TransactionsPerBlock; i++)
        {
            var recipient = new byte[20];
            BitConverter.TryWriteBytes(recipient.AsSpan(12), i + 1);
            _inputs[i] = BenchChain.TransferInput(new Address(recipient), 1);
            // Stand-ins for transaction hashes: what recovery costs does not depend on what was hashed.
            _hashes[i] = Contracts.State.Crypto.Keccak256.Compute(_inputs[i]).ToArray();
            _signatures[i] = new byte[65];
            _signatures[i][64] = (byte)Secp256k1.Sign(_hashes[i], BenchChain.SenderKey, _signatures[i].AsSpan(0, 64));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        if (_directory is not null && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = TransactionsPerBlock)]
    public Hash256 ExecuteBlockOfTransfers()
    {
        var chain = _chain!;
        ulong nonce = chain.State.GetNonce(BenchChain.Sender);
        for (int i = 0; i < TransactionsPerBlock; i++)
        {
            Address sender = BenchChain.Sender;
            if (RecoverSenders && !Secp256k1.TryRecoverAddress(_hashes[i], _signatures[i].AsSpan(0, 64), _signatures[i][64], out sender))
                throw new InvalidOperationException("recovery failed");
            var transaction = chain.Transaction(_token, _inputs[i], nonce + (ulong)i) with { Sender = sender };
            BenchChain.Check(chain.Executor.Execute(chain.State, chain.Block, transaction));
        }
        return chain.State.Commit();
    }
}
