namespace Contracts.Engine.Execution;

/// <summary>The value stack and call-frame stack of one store, allocated once and reused by every call.</summary>
internal sealed class ExecutionStack(int maxSlots, int maxCallDepth)
{
    public readonly ulong[] Slots = new ulong[maxSlots];
    public readonly int MaxCallDepth = maxCallDepth;
}
