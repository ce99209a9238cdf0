using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Which of a module's functions may move memory 0 while they run — grow it (the buffer is replaced and the length
/// changes), or run code outside the module that might: a <c>memory.grow</c>, a call of an import (the host may grow
/// an exported memory), a <c>call_indirect</c> (a table may hold any module's function or an import), or a call of a
/// function that may. A compiled caller reloads its cached memory base and length after calling one of these and
/// keeps them across calls of the others. Found over the register code, so it holds whichever tier runs the callee.
/// </summary>
internal static class MemoryMovers
{
    public static bool[] Find(Module module)
    {
        var functions = module.Functions;
        var moves = new bool[functions.Length];
        var callees = new List<int>[functions.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            callees[i] = [];
            var code = functions[i].Code;
            foreach (int at in RegisterCode.Ops(code))
            {
                switch ((Op)code[at])
                {
                    case Op.MemoryGrow or Op.CallImported or Op.CallIndirect:
                        moves[i] = true;
                        break;
                    case Op.CallInternal:
                        callees[i].Add(code[at + 1]);
                        break;
                }
            }
        }
        // A caller of a mover moves: propagate until nothing changes (at most one pass per function).
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int i = 0; i < functions.Length; i++)
            {
                if (moves[i]) continue;
                foreach (int callee in callees[i])
                {
                    if (!moves[callee]) continue;
                    moves[i] = changed = true;
                    break;
                }
            }
        }
        return moves;
    }
}
