using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// A carried counter at rest (<see cref="CarriedGlobal"/>): a direct method with a loop that passes the counter to no
/// callee (its only calls within the module are of prepaid leaves, which take none, or of frame-convention methods,
/// which read the Global) writes the counter it was given into its <c>Global</c> on entry and from there on treats it
/// as any global:
/// its additions and the limiter's check go to the Global, which is then current at every trap and every call out, so
/// nothing is stored or reloaded around them, and no local holds the counter across the function's loops and calls
/// (calls' loop spilled it to the stack and read it back around both leaf calls of every iteration). Its callers are
/// not affected: it is balanced, and they keep their own counter. Only with a loop: a function without one has nothing
/// to hold the counter across, and would pay the entry's store and the Global's loads on every call (a small helper
/// that reads memory, called in a contract's loop).
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Whether the direct convention passes this function the counter (the module carries one, and it is not prepaid).
    private readonly bool _counterArgument;
    // The carried global's index when this direct method keeps the counter in its Global (see above), else -1.
    private readonly int _counterAtRest;

    /// <summary>Whether <paramref name="function"/> keeps the counter at rest (above): it has a loop and calls no
    /// function whose direct method takes the counter.</summary>
    private bool KeepsCounterAtRest(CompiledFunction function, DynamicMethod?[] directMethods, (long Amount, int At)[]?[] prepaidLeaves) =>
        HasBackEdge(function.Code) && !PassesCounter(function, directMethods, prepaidLeaves);

    /// <summary>Whether a branch of <paramref name="code"/> goes back (to its own position or before it): a loop.</summary>
    internal static bool HasBackEdge(int[] code) =>
        RegisterCode.Ops(code).Any(at => RegisterCode.BranchOffsets(code, at).Any(offset => offset <= 0));

    /// <summary>Whether <paramref name="function"/> calls, directly or through call_indirect's inline candidates, a
    /// function whose direct method takes the counter (direct and not prepaid).</summary>
    private bool PassesCounter(CompiledFunction function, DynamicMethod?[] directMethods, (long Amount, int At)[]?[] prepaidLeaves)
    {
        var code = function.Code;
        foreach (int at in RegisterCode.Ops(code))
        {
            switch ((Op)code[at])
            {
                case Op.CallInternal when TakesCounter(code[at + 1]):
                    return true;
                case Op.CallIndirect:
                    foreach (int candidate in IndirectCandidates(code[at + 1]))
                        if (TakesCounter(candidate)) return true;
                    break;
            }
        }
        return false;

        bool TakesCounter(int index) => directMethods[index] is not null && prepaidLeaves[index] is null;
    }

    /// <summary>On entry of a method that keeps the counter at rest: the counter it was given, into the Global.</summary>
    private void EmitCounterToRest()
    {
        if (_counterAtRest < 0) return;
        EmitCounterAtRestGlobal();
        _il.Emit(OpCodes.Ldarg, (short)CompiledCalls.CarriedArgument(_fuelInArguments));
        _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stfld, Field(typeof(Runtime.Global), nameof(Runtime.Global.Bits)));
    }

    /// <summary>Pushes the counter at rest's <c>Global</c>, read through the context where it is used (on entry, before
    /// each return): held in a local, it took a callee-saved register across the function's loop (calls' loop then
    /// spilled its memory base and table around every iteration's call).</summary>
    private void EmitCounterAtRestGlobal()
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, Field(typeof(InstanceContext), nameof(InstanceContext.Instance)));
        _il.Emit(OpCodes.Ldfld, Field(typeof(Runtime.Instance), nameof(Runtime.Instance.Globals)));
        _il.Emit(OpCodes.Ldc_I4, _counterAtRest);
        _il.Emit(OpCodes.Ldelem_Ref);
    }
}
