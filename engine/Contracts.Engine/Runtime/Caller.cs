namespace Contracts.Engine.Runtime;

/// <summary>
/// What a host function sees of its caller: the store (fuel, embedder data, nested invocation) and the calling
/// instance with its memory, through bounds-checked views.
/// </summary>
public readonly ref struct Caller
{
    internal Caller(Store store, Instance? instance)
    {
        Store = store;
        Instance = instance;
    }

    public Store Store { get; }
    /// <summary>The instance whose code made the call (null when the host invoked the function directly).</summary>
    public Instance? Instance { get; }
    /// <summary>The calling instance's memory 0, if it has one.</summary>
    public Memory? Memory => Instance is { Memories.Length: > 0 } i ? i.Memories[0] : null;
    public object? Data => Store.Data;
}

/// <summary>
/// A function implemented by the embedder. Return null on success (results written), or a <see cref="Trap"/> to
/// trap the calling Wasm code.
/// </summary>
public delegate Trap? HostFunctionCallback(Caller caller, ReadOnlySpan<Value> arguments, Span<Value> results);
