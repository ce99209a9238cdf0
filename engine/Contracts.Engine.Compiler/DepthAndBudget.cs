using System.Runtime.CompilerServices;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A compiled frame's base in the value stack, its call depth and its native stack budget
/// (<see cref="NativeStackBudget"/>) packed into one 64-bit value that direct methods (<see cref="CompiledCalls"/>)
/// carry in one argument: the budget in units of <see cref="BudgetUnit"/> bytes in the top <see cref="BudgetBits"/>
/// bits, the depth in the <see cref="DepthBits"/> below them, and the frame base (in words) as the low 32 bits, so that
/// the frame base is the value's low half as it is (the room check on entry is one add and a compare, as it was with
/// the frame base in its own argument). A direct call passes <c>packed + CalleeDelta(argBase, cost)</c> (frame base +
/// argBase, depth + 1, budget − the callee's frame cost) and tests only <c>(ulong)packed ≥ BudgetFloor(cost)</c>, one
/// unsigned compare of the whole value: the fields below the budget are less than one unit of it, so the compare holds
/// exactly when the budget covers the cost. The depth and budget are unpacked on the slow paths. One argument instead
/// of two frees an argument register and, in a loop with a call, a callee-saved register for the loop's own values.
/// <para>The fields cannot overflow into each other: a frame base is at most the value stack's limit
/// (<see cref="ExecutionStack.MaxSlots"/>, an int), a callee's frame lying within it (checked on entry,
/// <c>FunctionEmitter.Room.cs</c>, or at the call); a store whose depth limit does not fit its field has no compiled
/// code run (<see cref="Fits"/>; the interpreter runs it, with the same results), and a call is made only below the
/// depth limit (below); the budget never exceeds <see cref="NativeStackBudget.PerThread"/> and only shrinks, the call
/// having tested that it covers the cost. Frame costs (<see cref="ModuleCode.FrameCost"/>) and the helper cost are
/// whole units, so a budget in units is the byte budget it was made from, rounded down.</para>
/// <para>The budget test also stands for the interpreter's depth limit (a call at depth ≥ <c>MaxCallDepth</c> traps):
/// the budget is capped when packed so that a frame at depth <c>d</c> holds at most
/// <c>(MaxCallDepth − d + 1) · MinFrameCost − 1</c> bytes (rounded down to units). Every frame costs at least
/// <see cref="ModuleCode.MinFrameCost"/>, so a call that passes the budget test is made at a depth below the limit,
/// and the callee (one deeper, its budget less at least that cost) keeps the bound. A call that fails it takes the slow
/// path, which makes the interpreter's depth and value-stack checks in its order before handing the callee to the
/// interpreter. With the default limit (10,000) the cap is far above the thread's budget (256 KiB) and changes nothing;
/// near a small limit the last calls before it run in the interpreter, which traps exactly where compiled code would.</para>
/// <para>The cap is applied wherever a budget enters compiled code through the frame convention (the frame entries,
/// <see cref="CompiledCalls.EmitFrameEntry"/>, and methods of the frame convention): a budget only ever shrinks, and
/// a frame's cap is below its caller's, so capping again on the way is harmless.</para>
/// </summary>
internal static class DepthAndBudget
{
    /// <summary>Bytes per unit of the packed budget: every frame cost is a multiple of it.</summary>
    public const int BudgetUnit = 16;
    public const int BudgetBits = 15;
    public const int DepthBits = 32 - BudgetBits;
    public const int DepthShift = 32;
    public const int BudgetShift = 64 - BudgetBits;
    public const int DepthMask = (1 << DepthBits) - 1;
    /// <summary>The largest budget in units the field holds; every budget is at most
    /// <see cref="NativeStackBudget.PerThread"/> bytes, which is less.</summary>
    public const int MaxBudgetUnits = (1 << BudgetBits) - 1;

    /// <summary>Whether frames of <paramref name="stack"/> can be packed: every depth a compiled frame has (at most the
    /// depth limit) fits its field.</summary>
    public static bool Fits(ExecutionStack stack) => stack.MaxCallDepth <= DepthMask;

    /// <summary>The packed value of a frame at <paramref name="frameBase"/> and <paramref name="depth"/> with
    /// <paramref name="nativeBudget"/> bytes left, the budget capped as above (and at 0 below).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pack(InstanceContext context, int frameBase, int depth, int nativeBudget)
    {
        long cap = ((long)context.MaxCallDepth - depth + 1) * ModuleCode.MinFrameCost - 1;
        long units = Math.Max(0, Math.Min(nativeBudget, cap)) / BudgetUnit;
        return (units << BudgetShift) | ((long)depth << DepthShift) | (uint)frameBase;
    }

    /// <summary>What a direct call at <paramref name="argBase"/> (words past the caller's frame base) adds to the caller's
    /// packed value for a callee of frame cost <paramref name="cost"/>: its frame base, one more frame,
    /// <paramref name="cost"/> less budget (the caller has tested that the budget covers it).</summary>
    public static long CalleeDelta(int argBase, int cost) =>
        unchecked((1L << DepthShift) + argBase - ((long)CostUnits(cost) << BudgetShift));

    /// <summary>The least packed value (as unsigned) whose budget covers <paramref name="cost"/>: a cost above every
    /// budget gives one no packed value reaches.</summary>
    public static ulong BudgetFloor(int cost) => (ulong)CostUnits(cost) << BudgetShift;

    /// <summary>A frame cost in budget units: whole (costs are multiples of the unit), at most the field's largest.</summary>
    internal static int CostUnits(int cost) => Math.Min((cost + BudgetUnit - 1) / BudgetUnit, MaxBudgetUnits);

    public static int FrameBase(long packed) => (int)packed;

    public static int Depth(long packed) => (int)(packed >> DepthShift) & DepthMask;

    /// <summary>The budget in bytes.</summary>
    public static int Budget(long packed) => (int)((ulong)packed >> BudgetShift) * BudgetUnit;
}
