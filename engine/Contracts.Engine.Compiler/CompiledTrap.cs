using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A trap of compiled code on its way out: thrown where the trap happens (a trap stub, or after a helper reported one),
/// it unwinds every compiled frame above to where the interpreter or the host entered compiled code
/// (<see cref="IlTier"/>), which hands the <see cref="Runtime.Trap"/> on as the interpreter would return it.
/// <para>Why an exception: a trap ends the whole entry, and compiled frames do nothing on the way out (the trapping
/// frame has stored the fuel and the carried global), so unwinding costs only when it happens. Left in the context
/// instead, every call between compiled functions tested it afterwards (a load, a compare and a branch per call).
/// Helpers still report theirs as a status with <see cref="InstanceContext.PendingTrap"/>: they never see this
/// exception, since every compiled entry they call is compiled code's own callee or is entered through
/// <see cref="IlTier"/>.</para>
/// </summary>
internal sealed class CompiledTrap(Trap trap) : Exception(trap.Message)
{
    public Trap Trap { get; } = trap;

    /// <summary>A trap of compiled code at a statically known place: the store's fuel made final, the exception to throw.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static CompiledTrap At(InstanceContext context, int kind, int functionIndex, int offset, long fuel)
    {
        CompiledRuntime.Trap(context, kind, functionIndex, offset, fuel);
        return FromContext(context);
    }

    /// <summary>The trap a helper left in the context, to throw.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static CompiledTrap FromContext(InstanceContext context) => new(context.TakeTrap());
}
