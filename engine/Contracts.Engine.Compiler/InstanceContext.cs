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
    public Trap? PendingTrap;

    public static InstanceContext For(Instance instance, ModuleCode code)
    {
        if (instance.TierState is InstanceContext context && ReferenceEquals(context.Code, code)) return context;
        context = new InstanceContext(instance, code);
        instance.TierState = context;
        return context;
    }

    /// <summary>Takes the trap a compiled call reported.</summary>
    public Trap TakeTrap()
    {
        var trap = PendingTrap!;
        PendingTrap = null;
        return trap;
    }
}
