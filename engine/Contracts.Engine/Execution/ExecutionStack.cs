using Contracts.Engine.Runtime;

namespace Contracts.Engine.Execution;

/// <summary>
/// A suspended caller: where to resume when the callee returns. The caller is named by its defined-function index
/// (no object reference, so pushing a frame needs no GC write barrier); <see cref="Instance"/> is set only when the
/// call crossed into another instance, and is the caller's instance to switch back to.
/// </summary>
internal struct CallFrame
{
    public Instance? Instance;
    public int FunctionIndex;
    public int ReturnIp;
    public int FrameBase;
}

/// <summary>
/// The value stack (in 8-byte words; a value cell is <see cref="CompiledFunction.WordsPerCell"/> words) and the
/// call-frame stack of one store. Both start small and grow by doubling up to their
/// configured limits, and are reused by every call, so steady-state execution allocates nothing.
/// </summary>
internal sealed class ExecutionStack(int maxSlots, int maxCallDepth)
{
    /// <summary>How many host → Wasm re-entries may nest on the .NET stack (each costs native stack).</summary>
    public const int MaxReentrancy = 64;

    public ulong[] Slots = new ulong[Math.Min(maxSlots, 1 << 10)];
    public CallFrame[] Frames = new CallFrame[Math.Min(maxCallDepth, 64)];
    public readonly int MaxSlots = maxSlots;
    public readonly int MaxCallDepth = maxCallDepth;

    /// <summary>First free slot above all active frames (where a nested invocation starts).</summary>
    public int Top;
    /// <summary>Frames in use.</summary>
    public int Depth;
    /// <summary>Active invocations from the host (nesting on the .NET stack).</summary>
    public int Reentrancy;

    /// <summary>Makes room for <paramref name="slotCount"/> slots; false when that exceeds the limit.</summary>
    public bool EnsureSlots(long slotCount)
    {
        if (slotCount <= Slots.Length) return true;
        if (slotCount > MaxSlots) return false;
        long size = Math.Max(slotCount, Math.Min((long)Slots.Length * 2, MaxSlots));
        Array.Resize(ref Slots, (int)size);
        return true;
    }

    /// <summary>Makes room for one more frame; false when the call depth limit is reached.</summary>
    public bool EnsureFrame(int depth)
    {
        if (depth < Frames.Length) return true;
        if (depth >= MaxCallDepth) return false;
        Array.Resize(ref Frames, Math.Min(Frames.Length * 2, MaxCallDepth));
        return true;
    }
}
