using Contracts.Engine;
using Contracts.GasMetering;

namespace Contracts.Execution.Deployment;

/// <summary>
/// A contract ready to run: its instrumented, translated module (immutable, shared by every call on every thread),
/// what the deploy policy learned about it, and the map back to the module as deployed for traps and traces.
/// </summary>
public sealed class ContractModule
{
    internal ContractModule(Module module, FunctionIndexMap functions, IReadOnlyList<InstrumentedFunction> definedFunctions, uint initialPages, bool hasConstructor, bool reentrant,
        IReadOnlyDictionary<uint, string> functionNames)
    {
        Module = module;
        Functions = functions;
        DefinedFunctions = definedFunctions;
        InitialPages = initialPages;
        HasConstructor = hasConstructor;
        Reentrant = reentrant;
        FunctionNames = functionNames;
    }

    public Module Module { get; }

    public FunctionIndexMap Functions { get; }

    /// <summary>What instrumentation did to each defined function, with the map back to the original bytes.</summary>
    public IReadOnlyList<InstrumentedFunction> DefinedFunctions { get; }

    /// <summary>The memory's initial size in pages, charged at instantiation as <c>memory.grow</c> from 0 would be.</summary>
    public uint InitialPages { get; }

    /// <summary>Exports <c>deploy</c>.</summary>
    public bool HasConstructor { get; }

    /// <summary>Carries the <c>contracts.reentrant</c> custom section.</summary>
    public bool Reentrant { get; }

    /// <summary>Names from the module's name section, by function index of the module as deployed.</summary>
    public IReadOnlyDictionary<uint, string> FunctionNames { get; }

    /// <summary>
    /// Instances kept for reuse; a few per contract cover nested and concurrent frames of hot contracts. Each slot is
    /// taken and filled with one atomic exchange: no lock, no allocation (a <c>ConcurrentBag</c> locked whenever it
    /// held one item, which is the common case, and its lock showed up contended in profiles of parallel replay).
    /// </summary>
    private readonly ContractInstance?[] _pool = new ContractInstance?[MaxPooledInstances];

    /// <summary>How many idle instances a contract keeps (each holds its memory and a store's stacks).</summary>
    public const int MaxPooledInstances = 4;

    /// <summary>An idle instance from the pool (already reset), or a new one.</summary>
    internal ContractInstance RentInstance(ContractRuntime runtime)
    {
        for (int i = 0; i < _pool.Length; i++)
        {
            if (Volatile.Read(ref _pool[i]) is not null && Interlocked.Exchange(ref _pool[i], null) is { } instance) return instance;
        }
        return ContractInstance.Create(runtime, this);
    }

    /// <summary>Resets <paramref name="instance"/> and keeps it for the next frame, unless the pool is full.</summary>
    /// <remarks>Once returned the instance belongs to whichever frame rents it next, on any thread: the caller reads
    /// nothing of it afterwards.</remarks>
    internal void ReturnInstance(ContractInstance instance)
    {
        instance.Reset();
        for (int i = 0; i < _pool.Length; i++)
        {
            if (Volatile.Read(ref _pool[i]) is null && Interlocked.CompareExchange(ref _pool[i], instance, null) is null) break;
        }
        AfterReturn?.Invoke(instance);
    }

    /// <summary>
    /// Tests stand here for another thread's frame that rents the instance the moment it is back in the pool (a race
    /// too narrow to hit on purpose otherwise).
    /// </summary>
    internal Action<ContractInstance>? AfterReturn { get; set; }

    /// <summary>
    /// The offset in the module as deployed of <paramref name="instrumentedOffset"/> (a trap's offset in the
    /// instrumented module) in engine function <paramref name="instrumentedIndex"/>; -1 when it has none (an import
    /// or the gas functions).
    /// </summary>
    public int OriginalOffset(int instrumentedIndex, int instrumentedOffset)
    {
        if (instrumentedIndex < 0 || instrumentedOffset < 0) return -1;
        if (Functions.ToOriginal((uint)instrumentedIndex) is not { } original || original < Functions.ImportedFunctionCount) return -1;
        int defined = (int)(original - Functions.ImportedFunctionCount);
        var bodies = Module.Info.Bodies;
        if (defined >= bodies.Length || defined >= DefinedFunctions.Count) return -1;
        return DefinedFunctions[defined].ToOriginalOffset(instrumentedOffset - bodies[defined].CodeOffset);
    }

    /// <summary>"function 3 (transfer)" for an engine function index of the instrumented module.</summary>
    public string DescribeFunction(int instrumentedIndex)
    {
        if (instrumentedIndex < 0) return "the host";
        uint? original = Functions.ToOriginal((uint)instrumentedIndex);
        if (original is not { } index) return "the gas instrumentation";
        return FunctionNames.TryGetValue(index, out var name) ? $"function {index} ({name})" : $"function {index}";
    }
}
