using Contracts.Engine.Runtime;

namespace Contracts.Engine.Execution;

internal static partial class Executor
{
    /// <summary>
    /// Interprets <paramref name="function"/> of <paramref name="instance"/> as a callee of compiled code: its frame at
    /// <paramref name="frameBase"/> holds the arguments (the caller made sure the frame's slots exist), and
    /// <paramref name="depth"/> frames are in use below it (the caller checked that one more is allowed). Zeroes its
    /// locals, loads its constants and runs it with an entry frame, exactly as an interpreted call would; fuel is
    /// <see cref="Store.Fuel"/> before and after. No host re-entry is counted: this nests compiled → interpreted code.
    /// </summary>
    internal static Trap? RunNested(Store store, CompiledFunction function, Instance instance, int frameBase, int depth)
    {
        var stack = store.Stack;
        // Compiled frames are not on the frame stack, which may be far shorter than depth: grow it (by doubling) to reach it.
        while (depth >= stack.Frames.Length)
        {
            if (!stack.EnsureFrame(depth)) return new Trap(TrapKind.CallStackExhausted);
        }
        int savedDepth = stack.Depth;
        ref ulong fp = ref stack.Slots[frameBase];
        ClearLocals(ref fp, function);
        stack.Frames[depth] = default;
        stack.Depth = depth + 1;
        try
        {
            return Run<TracingOff>(store, stack, function, instance, frameBase);
        }
        finally
        {
            stack.Depth = savedDepth;
        }
    }
}
