using BenchmarkDotNet.Attributes;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Benchmarks;

/// <summary>
/// Calls on an existing instance: contract.wasm's <c>run</c> (a few hundred instructions, so mostly call overhead)
/// and fib(20) from this project's fib.wasm (21,891 Wasm calls). Steady-state calls must allocate nothing: the
/// Allocated column has to read 0 B (or "-").
/// </summary>
[MemoryDiagnoser]
public class ExecuteBenchmarks
{
    private const int FibArgument = 20;

    private readonly Engine _engine = new();
    private readonly Value[] _noArguments = [];
    private readonly Value[] _fibArguments = [Value.I32(FibArgument)];
    private readonly Value[] _result = new Value[1];
    private Function? _contractRun;
    private Function? _fib;

    private Wasmtime.Engine? _wasmtime;
    private Wasmtime.Store? _wasmtimeStore;
    private Func<long>? _wasmtimeContractRun;
    private Func<int, int>? _wasmtimeFib;

    [GlobalSetup]
    public void Setup()
    {
        var contractBytes = BenchModules.Shared(BenchModules.ContractName);
        var fibBytes = BenchModules.Local("fib");

        var store = new Store(_engine);
        var linker = new Linker();
        _contractRun = linker.Instantiate(store, Module.Compile(_engine, contractBytes)).GetFunction("run");
        _fib = linker.Instantiate(store, Module.Compile(_engine, fibBytes)).GetFunction("fib");

        _wasmtime = new Wasmtime.Engine(new Wasmtime.Config().WithCraneliftNaNCanonicalization(true));
        _wasmtimeStore = new Wasmtime.Store(_wasmtime);
        using var wasmtimeLinker = new Wasmtime.Linker(_wasmtime);
        using var contract = Wasmtime.Module.FromBytes(_wasmtime, "contract", contractBytes);
        using var fib = Wasmtime.Module.FromBytes(_wasmtime, "fib", fibBytes);
        _wasmtimeContractRun = wasmtimeLinker.Instantiate(_wasmtimeStore, contract).GetFunction<long>("run");
        _wasmtimeFib = wasmtimeLinker.Instantiate(_wasmtimeStore, fib).GetFunction<int, int>("fib");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wasmtimeStore?.Dispose();
        _wasmtime?.Dispose();
    }

    [Benchmark]
    public long ContractRun()
    {
        var trap = _contractRun!.Invoke(_noArguments, _result);
        if (trap is not null) throw new TrapException(trap);
        return _result[0].AsI64();
    }

    [Benchmark]
    public long WasmtimeContractRun() => _wasmtimeContractRun!();

    [Benchmark]
    public int Fib20()
    {
        var trap = _fib!.Invoke(_fibArguments, _result);
        if (trap is not null) throw new TrapException(trap);
        return _result[0].AsI32();
    }

    [Benchmark]
    public int WasmtimeFib20() => _wasmtimeFib!(FibArgument);
}
