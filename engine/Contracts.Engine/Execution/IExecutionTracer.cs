using Contracts.Engine.Runtime;

namespace Contracts.Engine.Execution;

/// <summary>
/// Observes execution for traces and replays. Set <see cref="Store.Tracer"/>; when it is null the interpreter runs
/// a specialization with every hook compiled out, so tracing costs nothing when off.
/// Function indices are in the function index space of <paramref name="instance"/>'s module.
/// </summary>
public interface IExecutionTracer
{
    /// <summary>A Wasm function is entered (from the host or from Wasm). <paramref name="fuel"/> is the fuel left.</summary>
    void OnCallEnter(Instance instance, int functionIndex, long fuel);

    /// <summary>A Wasm function returns normally.</summary>
    void OnCallExit(Instance instance, int functionIndex, long fuel);

    /// <summary>A host function is about to be called.</summary>
    void OnHostCall(Function function, long fuel);

    /// <summary>Execution trapped; the frames above the host are abandoned.</summary>
    void OnTrap(Trap trap, long fuel);
}

/// <summary>A compile-time switch: the JIT specializes the interpreter per flag type and folds the checks away.</summary>
internal interface ITracingFlag
{
    static abstract bool Enabled { get; }
}

internal readonly struct TracingOff : ITracingFlag
{
    public static bool Enabled => false;
}

internal readonly struct TracingOn : ITracingFlag
{
    public static bool Enabled => true;
}
