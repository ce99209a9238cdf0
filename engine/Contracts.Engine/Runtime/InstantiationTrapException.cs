namespace Contracts.Engine.Runtime;

/// <summary>
/// Instantiation trapped: an active element or data segment did not fit its table or memory, or the start function
/// trapped. Segments applied before the failing one stay applied (WebAssembly 2.0 semantics), which is visible
/// through imported tables and memories.
/// </summary>
public sealed class InstantiationTrapException(Trap trap) : InstantiationException($"instantiation trapped: {trap}")
{
    public Trap Trap { get; } = trap;
    public TrapKind Kind => Trap.Kind;
}
