using System.Reflection;
using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// The carried counter's entry checks (gas-metering's stack-height limiter: <c>counter += s; if counter &gt;u L trap</c>,
/// one <see cref="Op.GlobalAddBrIfLeU"/>) made by the native budget's test instead, in direct calls: every direct call
/// already tests that the caller's budget covers the callee's frame (<see cref="DepthAndBudget"/>), and when the budget
/// is capped by the counter's room below the limit, that test passing implies the callee's check passes, which its direct
/// method then does not make (its add stays). fib's call loses a compare and a branch, and a slow path (the limit's
/// import call) that shaped its register allocation.
/// <para>The cap. Let <c>R</c> be the least frame cost per unit of counter over the functions with an entry check
/// (<c>cost(g) / s(g)</c>, budget units over the check's addition) and <c>L</c> the least of their limits. Every compiled
/// frame <c>f</c> whose counter is <c>c</c> at its calls (its entry value plus its own check's addition) is given at most
/// <c>R · (L − c)</c> budget units (nothing when <c>c ≥ L</c>). A direct call of <c>g</c> passes the budget test only
/// when the budget <c>B ≥ cost(g) ≥ R · s(g)</c>, so <c>L − c ≥ s(g)</c>: <c>c + s(g) ≤ L ≤ L(g)</c>, without wrapping, and
/// <c>g</c>'s check passes. <c>g</c> gets <c>B − cost(g) ≤ R · (L − c) − R · s(g) = R · (L − (c + s(g)))</c>: the bound
/// holds in it. A call failing the test takes the interpreter's path, which makes every check where the interpreter does.
/// The cap is applied where a budget enters compiled code, the frame entries (<see cref="CompiledCalls.EmitFrameEntry"/>),
/// which also make their function's own check (the interpreter runs the function when it fails, trapping as it does).</para>
/// <para>It holds for a module whose compiled functions all have direct methods (a frame-convention method would take a
/// budget without the cap) and in each of which the counter at every call is the entry value plus one constant: the
/// addition of the check that is its first op (after fuel prefixes), or 0 without one (<see cref="CarriedGlobal"/>'s
/// balanced walk, by position). A module whose counter runs far below its limit (fib: 4 a frame against 8,192, 34 budget
/// units a frame) never meets the cap: the thread's budget runs out first.</para>
/// </summary>
internal sealed class ImpliedHeightChecks
{
    /// <summary>Per defined function, the position of the entry check its direct method does not make (the op's add
    /// stays), or -1.</summary>
    public required int[] ElidedAt { get; init; }

    /// <summary>Per defined function, the counter's addition on entry (its check's), 0 without one.</summary>
    public required int[] EntryAddition { get; init; }

    /// <summary>Per defined function, its check's limit, or -1 without one.</summary>
    public required long[] Limit { get; init; }

    /// <summary>The least limit, <c>L</c>.</summary>
    public required long LeastLimit { get; init; }

    /// <summary>The least cost per unit of counter, <c>R = CostUnits / Addition</c>.</summary>
    public required long CostUnits { get; init; }
    public required long Addition { get; init; }

    /// <summary>The checks a module's direct methods leave to the budget, or null for none (see above).</summary>
    public static ImpliedHeightChecks? Find(Module module, int carried, string?[] interpretedBecause, int[] frameCosts,
        (long Amount, int At)[]?[] prepaidLeaves)
    {
        if (carried < 0) return null;
        var functions = module.Functions;
        int count = functions.Length;
        var elidedAt = new int[count];
        var additions = new int[count];
        var limits = new long[count];
        Array.Fill(elidedAt, -1);
        Array.Fill(limits, -1);
        long leastLimit = long.MaxValue, costUnits = 0, addition = 0;
        for (int i = 0; i < count; i++)
        {
            if (interpretedBecause[i] is not null) continue;
            // A frame-convention method takes a budget the frame entries do not cap.
            if (!CompiledCalls.IsDirect(functions[i].Type)) return null;
            // A prepaid leaf touches no global and makes no call.
            if (prepaidLeaves[i] is not null) continue;
            var code = functions[i].Code;
            var sums = CarriedGlobal.Sums(code, carried);
            if (sums is null) return null;
            int first = 0;
            while (first < code.Length && code[first] < 0) first++;
            if (first < code.Length && (Op)code[first] == Op.GlobalAddBrIfLeU && code[first + 1] == carried && code[first + 2] > 0)
            {
                additions[i] = code[first + 2];
                limits[i] = (uint)code[first + 3];
                elidedAt[i] = first;
            }
            // At every call (that any path reaches) the counter is the entry value plus the check's addition.
            foreach (int at in RegisterCode.Ops(code))
            {
                if ((Op)code[at] is Op.CallInternal or Op.CallIndirect or Op.CallImported && sums[at] is { } sum && sum != additions[i])
                    return null;
            }
            if (elidedAt[i] < 0) continue;
            leastLimit = Math.Min(leastLimit, limits[i]);
            long units = DepthAndBudget.CostUnits(frameCosts[i]);
            // units / additions[i] < costUnits / addition, as products (both below 2^47).
            if (addition == 0 || units * addition < costUnits * additions[i])
            {
                costUnits = units;
                addition = additions[i];
            }
        }
        if (addition == 0) return null;
        return new ImpliedHeightChecks
        {
            ElidedAt = elidedAt,
            EntryAddition = additions,
            Limit = limits,
            LeastLimit = leastLimit,
            CostUnits = costUnits,
            Addition = addition,
        };
    }

    /// <summary>
    /// A frame entry's part (<see cref="CompiledCalls.EmitFrameEntry"/>, before anything else): the function's own entry
    /// check when its direct method leaves it out — failing, the interpreter runs the function, which traps where it does —
    /// and the budget (<paramref name="budget"/>, the entry's argument) capped by the counter at the function's calls.
    /// </summary>
    public static void EmitEntry(ILGenerator il, ImpliedHeightChecks implied, int definedIndex, int carriedGlobal, LocalBuilder budget)
    {
        var counter = il.DeclareLocal(typeof(int));
        CompiledCalls.EmitCarriedGlobalObject(il, carriedGlobal);
        il.Emit(OpCodes.Ldfld, CompiledCalls.GlobalBits);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, implied.EntryAddition[definedIndex]);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, counter);
        if (implied.ElidedAt[definedIndex] >= 0)
        {
            var passes = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, counter);
            il.Emit(OpCodes.Conv_U8);
            il.Emit(OpCodes.Ldc_I8, implied.Limit[definedIndex]);
            il.Emit(OpCodes.Ble_Un, passes);
            // context, the function, its frame base, its caller's depth (RunNested's), its budget.
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, definedIndex);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Call, typeof(CompiledRuntime).GetMethod(nameof(CompiledRuntime.CallInterpreted))!);
            var returned = il.DefineLabel();
            il.Emit(OpCodes.Brfalse, returned);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, typeof(CompiledTrap).GetMethod(nameof(CompiledTrap.FromContext))!);
            il.Emit(OpCodes.Throw);
            il.MarkLabel(returned);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ret);
            il.MarkLabel(passes);
        }
        il.Emit(OpCodes.Ldloc, budget);
        il.Emit(OpCodes.Ldloc, counter);
        il.Emit(OpCodes.Ldc_I8, implied.LeastLimit);
        il.Emit(OpCodes.Ldc_I8, implied.CostUnits);
        il.Emit(OpCodes.Ldc_I8, implied.Addition);
        il.Emit(OpCodes.Call, typeof(ImpliedHeightChecks).GetMethod(nameof(Capped), BindingFlags.Static | BindingFlags.Public)!);
        il.Emit(OpCodes.Stloc, budget);
    }

    /// <summary><paramref name="nativeBudget"/> capped for a frame whose counter at its calls is
    /// <paramref name="counter"/>: at most <c>R · (L − counter)</c> budget units (in bytes), nothing at or past the
    /// limit.</summary>
    public static int Capped(int nativeBudget, uint counter, long leastLimit, long costUnits, long addition)
    {
        long room = leastLimit - counter;
        if (room <= 0) return 0;
        long capUnits = room * costUnits / addition;
        long cap = capUnits * DepthAndBudget.BudgetUnit;
        return cap < nativeBudget ? (int)cap : nativeBudget;
    }
}
