using BenchmarkDotNet.Attributes;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Org.BouncyCastle.Crypto.Digests;

namespace Contracts.State.Benchmarks;

/// <summary>
/// Eight independent inputs of one size per operation, on one core: BouncyCastle and our scalar hash them one
/// by one, the 4-lane path in two calls, the 8-lane path in one. Throughput = 8 * Size / time.
/// </summary>
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private const int Inputs = 8;

    private readonly Hash256[] _output = new Hash256[Inputs];
    private readonly byte[] _digest = new byte[32];
    private readonly KeccakDigest _bouncyCastle = new(256);
    private byte[] _data = [];
    private int[] _starts = [];
    private int[] _lengths = [];

    [Params(64, 128, 256, 512)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Inputs * Size];
        new Random(1).NextBytes(_data);
        _starts = Enumerable.Range(0, Inputs).Select(i => i * Size).ToArray();
        _lengths = Enumerable.Repeat(Size, Inputs).ToArray();
    }

    [Benchmark(Baseline = true)]
    public void BouncyCastle()
    {
        for (var i = 0; i < Inputs; i++)
        {
            _bouncyCastle.BlockUpdate(_data, _starts[i], Size);
            _bouncyCastle.DoFinal(_digest, 0);
        }
    }

    [Benchmark]
    public void Scalar()
    {
        for (var i = 0; i < Inputs; i++)
        {
            _output[i] = Keccak256.Compute(_data.AsSpan(_starts[i], Size));
        }
    }

    [Benchmark]
    public void FourLane()
    {
        for (var i = 0; i < Inputs; i += 4)
        {
            Keccak256Lanes.Compute4(
                _data.AsSpan(_starts[i], Size), _data.AsSpan(_starts[i + 1], Size),
                _data.AsSpan(_starts[i + 2], Size), _data.AsSpan(_starts[i + 3], Size),
                _output.AsSpan(i, 4));
        }
    }

    [Benchmark]
    public void EightLane() => Keccak256Lanes.Compute8(_data, _starts, _lengths, _output);
}
