namespace Contracts.Engine.Runtime;

/// <summary>
/// The world of one execution: the instances, functions, memories, tables and globals created in it, the fuel
/// counter, and the embedder's data. Not thread-safe: use one store per thread of execution. The value and frame
/// stacks are allocated once per store and reused, so steady-state calls allocate nothing.
/// </summary>
public sealed partial class Store
{
    private readonly List<Function> _functions = [];

    public Store(Engine engine, object? data = null)
    {
        Engine = engine;
        Data = data;
        // The limit counts value cells; the stack counts words.
        Stack = new Execution.ExecutionStack(
            checked(engine.Config.MaxValueStackSlots * Execution.CompiledFunction.WordsPerCell), engine.Config.MaxCallDepth);
    }

    public Engine Engine { get; }
    /// <summary>Embedder data, visible to host functions through <see cref="Caller.Data"/>.</summary>
    public object? Data { get; set; }

    /// <summary>
    /// Remaining fuel. Consumed only by modules whose fuel intrinsic import (see <see cref="EngineConfig.FuelImport"/>)
    /// is called; running out traps with <see cref="TrapKind.OutOfFuel"/>.
    /// </summary>
    public long Fuel { get; set; } = long.MaxValue;

    /// <summary>Observes calls, host calls, traps and fuel; null (the default) compiles every hook out.</summary>
    public Execution.IExecutionTracer? Tracer { get; set; }

    internal Execution.ExecutionStack Stack { get; }

    private readonly List<Global> _stackHeightCounters = [];

    /// <summary>Counters zeroed at every entry from the host (see <see cref="EngineConfig.StackHeightCounterExport"/>).</summary>
    internal void RegisterStackHeightCounter(Global counter) => _stackHeightCounters.Add(counter);

    /// <summary>
    /// Zeroes the stack-height counters of this store's instances: a trap unwinds frames without running their
    /// epilogues, so every outermost entry from the host starts from zero.
    /// </summary>
    internal void ResetStackHeightCounters()
    {
        foreach (var counter in _stackHeightCounters) counter.Bits = 0;
    }

    internal int RegisterFunction(Function function)
    {
        _functions.Add(function);
        return _functions.Count - 1;
    }

    internal Function FunctionFromHandle(int handle) => _functions[handle];

    /// <summary>Slot encoding of a funcref: 0 for null, else handle + 1.</summary>
    internal static ulong EncodeFuncRef(Function? function) => function is null ? 0 : (ulong)function.Handle + 1;

    internal Function? DecodeFuncRef(ulong bits) => bits == 0 ? null : _functions[(int)(bits - 1)];
}
