using Contracts.Engine.Execution;
using Contracts.Engine.Model;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Finds the global a module's compiled functions may carry in an IL argument instead of its <see cref="Runtime.Global"/>
/// object: a counter such as gas-metering's stack-height limiter (<c>__gas_stack_height</c>), which every call adds to on
/// entry and subtracts from on return. Kept in memory, such a counter is a chain of loads and stores through one field
/// across every call (each waits for the store before it); carried, the caller passes its value and the callee adds to
/// it in a register.
/// <para>A global qualifies when it is an i32 the module defines, mutable, and in every compiled function it is touched
/// only by <see cref="Op.GlobalAddImm"/> and <see cref="Op.GlobalAddBrIfLeU"/> and <em>balanced</em>: on every path
/// from the entry to a return its additions sum to 0 (mod 2³²). A balanced callee then returns with the value it was
/// given, so direct calls need not return it. Its <c>Global</c> object is written only where compiled code leaves the
/// module's direct calls — before a call of a host function, an import, the interpreter or a frame entry, at a trap,
/// and when a frame entry returns — and read again after such a call; nothing else reads it in between (no compiled
/// function reads or writes it otherwise), so every observer sees the interpreter's value.</para>
/// </summary>
internal static class CarriedGlobal
{
    /// <summary>The index of the global to carry, or -1 for none.</summary>
    public static int Find(Module module, string?[] interpretedBecause)
    {
        var info = module.Info;
        var functions = module.Functions;
        // Per global: -1 unknown, 1 candidate (touched only by the additions somewhere), 0 disqualified.
        var state = new int[info.TotalGlobalCount];
        Array.Fill(state, -1);
        for (int i = 0; i < functions.Length; i++)
        {
            if (interpretedBecause[i] is not null) continue;
            var code = functions[i].Code;
            foreach (int at in RegisterCode.Ops(code))
            {
                switch ((Op)code[at])
                {
                    case Op.GlobalGet:
                        state[code[at + 2]] = 0;
                        break;
                    case Op.GlobalSet:
                        state[code[at + 1]] = 0;
                        break;
                    case Op.GlobalAddImm or Op.GlobalAddBrIfLeU:
                        if (state[code[at + 1]] != 0) state[code[at + 1]] = 1;
                        break;
                }
            }
        }
        for (int global = info.ImportedGlobalCount; global < state.Length; global++)
        {
            if (state[global] != 1 || info.AllGlobals[global] != new GlobalType(Model.ValueType.I32, Mutable: true)) continue;
            bool balanced = true;
            for (int i = 0; i < functions.Length && balanced; i++)
                balanced = interpretedBecause[i] is not null || IsBalanced(functions[i].Code, global);
            if (balanced) return global;
        }
        return -1;
    }

    /// <summary>Whether the additions to <paramref name="global"/> sum to the same amount on every path to each
    /// position, and to 0 at every return: a forward walk of the code's branches with one sum per position.</summary>
    internal static bool IsBalanced(int[] code, int global) => Sums(code, global) is not null;

    /// <summary>Per code position, what the additions to <paramref name="global"/> on every path to it sum to (null at
    /// positions no path reaches); null when the code is not balanced (see <see cref="IsBalanced"/>).</summary>
    internal static int?[]? Sums(int[] code, int global)
    {
        var sums = new int?[code.Length + 1];
        var work = new Stack<int>();
        sums[0] = 0;
        work.Push(0);
        while (work.Count > 0)
        {
            int at = work.Pop();
            int sum = sums[at]!.Value;
            if (at >= code.Length) return null; // ran off the end: not code the translator produces
            if (code[at] < 0)
            {
                if (!Flow(at + 1, sum)) return null;
                continue;
            }
            var op = (Op)code[at];
            if ((op is Op.GlobalAddImm or Op.GlobalAddBrIfLeU) && code[at + 1] == global) sum = unchecked(sum + code[at + 2]);
            switch (op)
            {
                case Op.ReturnVoid or Op.Return1 or Op.ReturnN:
                    if (sum != 0) return null;
                    continue;
                case Op.Unreachable:
                    continue;
            }
            var layout = OpLayout.Of(op);
            for (int k = 0; k < layout.Length; k++)
            {
                if (layout[k] == 'b' && !Flow(at + code[at + 1 + k], sum)) return null;
                if (layout[k] == '*')
                {
                    int count = code[at + layout.IndexOf('n') + 1];
                    for (int t = 0; t <= count; t++)
                        if (!Flow(at + code[at + 1 + k + t], sum)) return null;
                }
            }
            if (op is not (Op.Br or Op.BrTable) && !Flow(at + OpLayout.Width(code, at), sum)) return null;
        }
        return sums;

        bool Flow(int to, int sum)
        {
            if ((uint)to > (uint)code.Length) return false;
            if (sums[to] is { } known) return known == sum;
            sums[to] = sum;
            work.Push(to);
            return true;
        }
    }
}
