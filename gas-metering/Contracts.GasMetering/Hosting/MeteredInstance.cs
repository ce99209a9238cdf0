using Contracts.Engine;
using Contracts.Engine.Model;
using Contracts.Engine.Runtime;
using ValueType = Contracts.Engine.Model.ValueType;

namespace Contracts.GasMetering.Hosting;

/// <summary>The outcome of a metered call: results (when it did not trap), the trap, and the gas it used.</summary>
public sealed record MeteredCallResult(Value[] Results, Trap? Trap, ulong GasUsed)
{
    public bool OutOfGas => Trap?.Kind == TrapKind.OutOfFuel;
}

/// <summary>
/// An instance of an instrumented module, called the way the protocol requires: each call from the host starts with
/// the gas limit in <see cref="Store.Fuel"/> and the stack-height counter at 0 (a trap unwinds without lowering it),
/// and reports the gas used, which is the limit when the call ran out.
/// </summary>
public sealed class MeteredInstance
{
    private readonly Global? _stackHeight;

    private MeteredInstance(Instance instance, Global? stackHeight)
    {
        Instance = instance;
        _stackHeight = stackHeight;
    }

    public Instance Instance { get; }
    public Store Store => Instance.Store;

    /// <summary>
    /// Instantiates <paramref name="module"/> (an instrumented module) with the gas imports defined in
    /// <paramref name="linker"/> (see <see cref="GasLinking.DefineGasImports"/>); a start function runs with
    /// <paramref name="startGasLimit"/> gas. Throws what <see cref="Linker.Instantiate"/> throws.
    /// </summary>
    public static MeteredInstance Instantiate(Linker linker, Store store, Module module, long startGasLimit = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        store.Fuel = startGasLimit;
        var instance = linker.Instantiate(store, module);
        return new MeteredInstance(instance, instance.GetGlobal(GasImports.StackHeightExport));
    }

    /// <summary>Wraps an existing instance of an instrumented module.</summary>
    public static MeteredInstance Wrap(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new MeteredInstance(instance, instance.GetGlobal(GasImports.StackHeightExport));
    }

    /// <summary>Zeroes the stack-height counter; <see cref="Call"/> does it before every call.</summary>
    public void ResetStackHeight()
    {
        if (_stackHeight is { Type: { ValueType: ValueType.I32, Mutable: true } }) _stackHeight.Set(Value.I32(0));
    }

    /// <summary>
    /// Calls the exported function <paramref name="export"/> with <paramref name="gasLimit"/> gas. Throws
    /// <see cref="ArgumentException"/> when there is no such function or the arguments do not match.
    /// </summary>
    public MeteredCallResult Call(string export, long gasLimit, params Value[] arguments)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentOutOfRangeException.ThrowIfNegative(gasLimit);
        var function = Instance.GetFunction(export) ?? throw new ArgumentException($"the instance exports no function \"{export}\"", nameof(export));
        return Call(function, gasLimit, arguments);
    }

    public MeteredCallResult Call(Function function, long gasLimit, params Value[] arguments)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        var results = new Value[function.Type.Results.Length];
        var trap = Call(function, gasLimit, arguments, results, out ulong used);
        return new MeteredCallResult(trap is null ? results : [], trap, used);
    }

    /// <summary>
    /// The allocation-free form of <see cref="Call(Function, long, Value[])"/>: <paramref name="results"/> must hold
    /// exactly the function's results. Returns the trap or null; <paramref name="gasUsed"/> is set either way.
    /// </summary>
    public Trap? Call(Function function, long gasLimit, ReadOnlySpan<Value> arguments, Span<Value> results, out ulong gasUsed)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentOutOfRangeException.ThrowIfNegative(gasLimit);
        ResetStackHeight();
        Store.Fuel = gasLimit;
        var trap = function.Invoke(arguments, results);
        gasUsed = (ulong)(gasLimit - Math.Max(0, Store.Fuel));
        return trap;
    }
}
