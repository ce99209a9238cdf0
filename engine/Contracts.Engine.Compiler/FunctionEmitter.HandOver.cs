using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Where a function whose every call passes the fuel on hands the fuel and the carried counter over on its slow paths.
/// <para>The .NET JIT gives a local one register for its whole life and prefers a callee-saved one when the local lives
/// across any call, hot or cold. In fib's metered call the fuel goes into every direct call as an argument and comes back
/// in the returned pair, so on the hot path it never lives across a call; but the slow path of each call (the budget spent:
/// the depth check, the value stack's room grown by a helper call, then the interpreter) handed the fuel and the counter
/// over to the store and the counter's <c>Global</c> only after the room's helper call, and its traps read the locals: both
/// lived across that call. The fuel took a callee-saved register, and the counter, which does live across fib's first
/// call, found none left and was stored to the stack and reloaded around both calls.</para>
/// <para>A function that <see cref="PassesFuelToEveryCall"/> therefore hands both over first on those paths (before the
/// depth check and the room's helper call: the interpreter checks the depth before anything, so the handed values are
/// the ones its traps see), their traps read them from the store and the <c>Global</c> (<see cref="TrapStub"/>'s
/// <c>left</c> stubs), and its out-of-fuel traps pass no fuel (out of fuel leaves 0 whatever the fuel was,
/// <see cref="CompiledRuntime.Trap"/>). fib's metered call keeps the fuel in the argument and return register and the
/// counter in a callee-saved one. In a function with a call the fuel does not go through (a prepaid leaf, a call_indirect,
/// a frame-convention callee) the fuel lives across that call anyway, and the same change moved the JIT's choices the
/// other way (calls' loop, sort; matmul, which has no call, from its out-of-fuel stubs), so those keep the old order.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Whether this function hands the fuel and the counter over first on its calls' slow paths (PassesFuelToEveryCall).
    private readonly bool _handsOverFirst;

    /// <summary>Whether a direct method's every call in <paramref name="code"/> is a direct call of a method that takes
    /// the fuel (no prepaid leaf, frame-convention callee or call_indirect), and it has one: only then does nothing but
    /// the slow paths' helper calls keep the fuel alive across a call.</summary>
    internal static bool PassesFuelToEveryCall(int[] code, DynamicMethod?[] directMethods, (long Amount, int At)[]?[] prepaidLeaves)
    {
        bool passes = false;
        foreach (int at in RegisterCode.Ops(code))
        {
            switch ((Op)code[at])
            {
                case Op.CallInternal when directMethods[code[at + 1]] is not null && prepaidLeaves[code[at + 1]] is null:
                    passes = true;
                    break;
                case Op.CallInternal or Op.CallIndirect:
                    return false;
            }
        }
        return passes;
    }

    /// <summary>On a call's slow path, before its checks and the room's helper call: the hand-over, in a function that
    /// hands over first.</summary>
    private void HandOverEarly()
    {
        if (_handsOverFirst) EmitLeave();
    }

    /// <summary>On a call's slow path, after its checks: the hand-over, in a function that does not hand over first.</summary>
    private void HandOverLate()
    {
        if (!_handsOverFirst) EmitLeave();
    }
}
