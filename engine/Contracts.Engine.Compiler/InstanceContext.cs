using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// What compiled code of one instance works with: its store, stacks and module code, and the trap a compiled call
/// reports upwards. One per instance (an instance belongs to one store), created on its first compiled call.
/// </summary>
internal sealed class InstanceContext(Instance instance, ModuleCode code)
{
    public readonly Instance Instance = instance;
    public readonly Store Store = instance.Store;
    public readonly ExecutionStack Stack = instance.Store.Stack;
    public readonly ModuleCode Code = code;
    public readonly int MaxCallDepth = instance.Store.Stack.MaxCallDepth;
    /// <summary>The value stack's limit in words (<see cref="ExecutionStack.MaxSlots"/>), which a direct method's callee
    /// frames are checked against on entry (FunctionEmitter.Room.cs): one load from the context instead of three.</summary>
    public readonly int MaxSlots = instance.Store.Stack.MaxSlots;
    /// <summary>The store handle of the instance's first defined function when its defined functions' handles are
    /// consecutive (they are registered one after another at instantiation), so a table element <c>e</c> names defined
    /// function <c>e - 1 - FirstDefinedHandle</c> when that is in range; else <see cref="int.MinValue"/>, which names none.</summary>
    public readonly int FirstDefinedHandle = FirstHandle(instance, code);
    public Trap? PendingTrap;

    public static InstanceContext For(Instance instance, ModuleCode code)
    {
        if (instance.TierState is InstanceContext context && ReferenceEquals(context.Code, code)) return context;
        context = new InstanceContext(instance, code);
        instance.TierState = context;
        return context;
    }

    private static int FirstHandle(Instance instance, ModuleCode code)
    {
        int defined = code.Entries.Length, first = instance.Functions.Length - defined;
        if (defined == 0) return int.MinValue;
        for (int i = 1; i < defined; i++)
            if (instance.Functions[first + i].Handle != instance.Functions[first].Handle + i) return int.MinValue;
        return instance.Functions[first].Handle;
    }

    /// <summary>Takes the trap a compiled call reported.</summary>
    public Trap TakeTrap()
    {
        var trap = PendingTrap!;
        PendingTrap = null;
        return trap;
    }
}
