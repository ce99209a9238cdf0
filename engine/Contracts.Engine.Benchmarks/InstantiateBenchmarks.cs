using BenchmarkDotNet.Attributes;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Benchmarks;

/// <summary>
/// A fresh store and instance of contract.wasm (1 page of memory, a data segment), and the same followed by one
/// call of <c>run</c>: the cost a node pays per transaction when it does not reuse instances; and the pooled path
/// (<see cref="Instance.Reset"/> + call) that the execution layer uses.
/// </summary>
[MemoryDiagnoser]
public class InstantiateBenchmarks
{
    private readonly Engine _engine = new();
    private readonly Linker _linker = new();
    private readonly Value[] _result = new Value[1];
    private Module? _module;
    private Instance? _pooled;

    private Wasmtime.Engine? _wasmtime;
    private Wasmtime.Module? _wasmtimeModule;
    private Wasmtime.Linker? _wasmtimeLinker;

    [GlobalSetup]
    public void Setup()
    {
        var bytes = BenchModules.Shared(BenchModules.ContractName);
        _module = Module.Compile(_engine, bytes);
        _pooled = _linker.Instantiate(new Store(_engine), _module);
        _wasmtime = new Wasmtime.Engine(new Wasmtime.Config().WithCraneliftNaNCanonicalization(true));
        _wasmtimeModule = Wasmtime.Module.FromBytes(_wasmtime, BenchModules.ContractName, bytes);
        _wasmtimeLinker = new Wasmtime.Linker(_wasmtime);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wasmtimeLinker?.Dispose();
        _wasmtimeModule?.Dispose();
        _wasmtime?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Instance Instantiate() => _linker.Instantiate(new Store(_engine), _module!);

    [Benchmark]
    public long InstantiateAndCall()
    {
        var instance = _linker.Instantiate(new Store(_engine), _module!);
        var trap = instance.GetFunction("run")!.Invoke([], _result);
        if (trap is not null) throw new TrapException(trap);
        return _result[0].AsI64();
    }

    /// <summary>The pooled path: a kept instance reset to its post-instantiation state, then called (same checksum).</summary>
    [Benchmark]
    public long ResetAndCall()
    {
        _pooled!.Reset();
        var trap = _pooled.GetFunction("run")!.Invoke([], _result);
        if (trap is not null) throw new TrapException(trap);
        return _result[0].AsI64();
    }

    [Benchmark]
    public long WasmtimeInstantiateAndCall()
    {
        using var store = new Wasmtime.Store(_wasmtime!);
        var instance = _wasmtimeLinker!.Instantiate(store, _wasmtimeModule!);
        return instance.GetFunction<long>("run")!();
    }
}
