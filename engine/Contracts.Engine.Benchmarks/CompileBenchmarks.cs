using BenchmarkDotNet.Attributes;

namespace Contracts.Engine.Benchmarks;

/// <summary>Decode + validate + translate of each shared bench module (the work a node does once per code hash).</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private readonly Engine _engine = new();
    private Wasmtime.Engine? _wasmtime;
    private byte[] _bytes = [];

    public static IEnumerable<string> Modules => [.. BenchModules.ComputeNames, BenchModules.ContractName];

    [ParamsSource(nameof(Modules))]
    public string Name { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _bytes = BenchModules.Shared(Name);
        _wasmtime = new Wasmtime.Engine(new Wasmtime.Config().WithCraneliftNaNCanonicalization(true));
    }

    [GlobalCleanup]
    public void Cleanup() => _wasmtime?.Dispose();

    [Benchmark(Baseline = true)]
    public Module Compile() => Module.Compile(_engine, _bytes);

    /// <summary>For scale: Wasmtime's Cranelift compile of the same bytes.</summary>
    [Benchmark]
    public void WasmtimeCompile()
    {
        using var module = Wasmtime.Module.FromBytes(_wasmtime!, Name, _bytes);
    }
}
