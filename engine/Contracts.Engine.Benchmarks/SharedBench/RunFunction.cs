using Contracts.Engine.Runtime;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>
/// The <c>run</c> export of one fresh instance, on our engine or on Wasmtime, as a call returning the checksum
/// widened to i64. Disposing it releases Wasmtime's native store.
/// </summary>
public sealed class RunFunction : IDisposable
{
    private readonly Func<long> _call;
    private readonly IDisposable? _owned;

    private RunFunction(Func<long> call, IDisposable? owned)
    {
        _call = call;
        _owned = owned;
    }

    public long Call() => _call();

    public void Dispose() => _owned?.Dispose();

    /// <summary>A linker for <paramref name="engine"/>'s modules: with gas-metering's stack_exhausted import bound when the
    /// engine runs metered modules (its fuel intrinsic is the engine's own).</summary>
    public static Linker LinkerFor(Engine engine)
    {
        var linker = new Linker();
        if (engine.Config.FuelImport is not null)
            linker.DefineFunction("gas", "stack_exhausted", new([], []), (_, _, _) => new Trap(TrapKind.StackHeightExhausted));
        return linker;
    }

    public static RunFunction Ours(Module module)
    {
        var instance = LinkerFor(module.Engine).Instantiate(new Store(module.Engine), module);
        var run = instance.GetFunction("run") ?? throw new InvalidOperationException("the module exports no function 'run'");
        var results = new Value[run.Type.Results.Length];
        if (results.Length != 1) throw new InvalidOperationException($"'run' has type {run.Type}, expected one result");
        return new RunFunction(() =>
        {
            var trap = run.Invoke([], results);
            if (trap is not null) throw new TrapException(trap);
            return results[0].Type == Model.ValueType.I32 ? results[0].AsI32() : results[0].AsI64();
        }, null);
    }

    public static RunFunction Wasmtime(Wasmtime.Engine engine, Wasmtime.Module module, string resultType)
    {
        var store = new Wasmtime.Store(engine);
        try
        {
            using var linker = new Wasmtime.Linker(engine);
            var instance = linker.Instantiate(store, module);
            Func<long> call = resultType == "i32"
                ? instance.GetFunction<int>("run") is { } run32 ? () => run32() : throw new InvalidOperationException("no run: [] -> [i32]")
                : instance.GetFunction<long>("run") ?? throw new InvalidOperationException("no run: [] -> [i64]");
            return new RunFunction(call, store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
