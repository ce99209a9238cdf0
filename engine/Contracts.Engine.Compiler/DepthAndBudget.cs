using System.Runtime.CompilerServices;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A compiled function's call depth and native stack budget (<see cref="NativeStackBudget"/>) packed into one 64-bit
/// value that direct methods (<see cref="CompiledCalls"/>) carry in one argument: the depth in the high 32 bits, the
/// budget (never negative) in the low 32. A direct call passes <c>packed + (1 &lt;&lt; 32) − cost</c> (depth + 1, budget
/// − the callee's frame cost) and tests only <c>(int)packed ≥ cost</c>; depth and budget are unpacked on the slow paths.
/// <para>That one test also stands for the interpreter's depth limit (a call at depth ≥ <c>MaxCallDepth</c> traps):
/// the budget is capped when packed so that a frame at depth <c>d</c> holds at most
/// <c>(MaxCallDepth − d + 1) · MinFrameCost − 1</c>. Every frame costs at least <see cref="ModuleCode.MinFrameCost"/>,
/// so a call that passes the budget test is made at a depth below the limit, and the callee (one deeper, its budget
/// less at least that cost) keeps the bound. A call that fails it takes the slow path, which makes the interpreter's
/// depth and value-stack checks in its order before handing the callee to the interpreter. With the default limit
/// (10,000) the cap is far above the thread's budget (256 KiB) and changes nothing; near a small limit the last calls
/// before it run in the interpreter, which traps exactly where compiled code would.</para>
/// <para>The cap is applied wherever a budget enters compiled code through the frame convention (the frame entries,
/// <see cref="CompiledCalls.EmitFrameEntry"/>, and methods of the frame convention): a budget only ever shrinks, and
/// a frame's cap is below its caller's, so capping again on the way is harmless.</para>
/// </summary>
internal static class DepthAndBudget
{
    /// <summary>The packed value of a frame at <paramref name="depth"/> with <paramref name="nativeBudget"/> bytes left,
    /// the budget capped as above (and at 0 below).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pack(InstanceContext context, int depth, int nativeBudget)
    {
        long cap = ((long)context.MaxCallDepth - depth + 1) * ModuleCode.MinFrameCost - 1;
        long budget = Math.Max(0, Math.Min(nativeBudget, cap));
        return ((long)depth << 32) | budget;
    }

    /// <summary>What a direct call adds to the caller's packed value for a callee of frame cost <paramref name="cost"/>:
    /// one more frame, <paramref name="cost"/> less budget (the caller has tested that the budget covers it).</summary>
    public static long CalleeDelta(int cost) => (1L << 32) - cost;

    public static int Depth(long packed) => (int)(packed >> 32);

    public static int Budget(long packed) => (int)packed;
}
