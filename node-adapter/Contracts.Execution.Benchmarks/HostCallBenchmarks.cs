using BenchmarkDotNet.Attributes;
using Contracts.State.Primitives;
using Contracts.State.Storage;

namespace Contracts.Execution.Benchmarks;

/// <summary>
/// Host-call overhead: one transaction calling hostloop.wat, which calls a host function <see cref="Calls"/> times.
/// (time at 1,000 − time at 0) / 1,000 is the cost of one host call, Wasm loop overhead included.
/// </summary>
[MemoryDiagnoser]
public class HostCallBenchmarks
{
    private BenchChain? _chain;
    private Address _loop;
    private byte[] _input = [];

    /// <summary>0: storage_load of a 32-byte slot; 1: keccak256 of 32 bytes.</summary>
    [Params(0, 1)]
    public int HostFunction { get; set; }

    [Params(0, 1000)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = new BenchChain(new MemoryStateStore());
        _loop = _chain.Deploy("hostloop");
        _input = new byte[8];
        BitConverter.TryWriteBytes(_input.AsSpan(0), HostFunction);
        BitConverter.TryWriteBytes(_input.AsSpan(4), Calls);
    }

    [Benchmark]
    public ulong CallHostLoop() => _chain!.Send(_loop, _input).GasUsed;
}
