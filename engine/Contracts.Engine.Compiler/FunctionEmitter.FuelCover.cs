using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Fuel covered before code emitted twice (<see cref="CheckFreeCode"/>). The check that chooses a check-free copy also
/// tests that the fuel covers every charge the copy can make — a straight run's charges once, a loop's per-iteration
/// charges times the iterations its exit test allows — and the copy's charges then subtract without a compare. When
/// the fuel does not cover them, the ordinary checked code runs, which charges and checks as the interpreter does, so
/// running out of fuel happens at the same charge with the same state. In the copy no charge can run out: the fuel at
/// each one is the fuel before the copy less the charges before it (the copy holds no call and no charge of an unknown
/// amount), at least what that charge needs; whatever else traps in it (an unchecked access, a division) traps with
/// the fuel the interpreter has there, since every charge before it was subtracted where it stands.
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Inside a check-free copy entered with fuel for every charge it makes: charges are subtracted, never compared.
    private bool _fuelCovered;

    /// <summary>The fuel one pass of <paramref name="part"/> charges (a loop: one iteration, from its header to its back
    /// edge), or null when a charge in it is not a constant below <see cref="MaxPendingFuel"/>.</summary>
    internal static long? ChargesPerPass(int[] code, CheckFreeCode part)
    {
        long sum = 0;
        int at = part.Start;
        while (at < part.End)
        {
            if (code[at] < 0)
            {
                sum += (uint)~code[at];
                at++;
                continue;
            }
            switch ((Op)code[at])
            {
                case Op.ConsumeFuel:
                    ulong amount = (uint)code[at + 1] | ((ulong)(uint)code[at + 2] << 32);
                    if (amount >= MaxPendingFuel) return null;
                    sum += (long)amount;
                    break;
                case Op.ConsumeFuelSlot:
                    return null;
            }
            at += OpLayout.Width(code, at);
        }
        return sum;
    }

    /// <summary>After <paramref name="part"/>'s access check: branches to <paramref name="fail"/> (the checked code)
    /// unless the fuel covers every charge the copy can make; returns whether the copy's charges are covered (false
    /// when it charges nothing or an amount not known here: then they are checked where they stand).
    /// <paramref name="lastIteration"/> is a loop's last iteration as the access check computed it.</summary>
    private bool EmitFuelCover(CheckFreeCode part, LocalBuilder lastIteration, Label fail)
    {
        if (!_holdsFuel || ChargesPerPass(_function.Code, part) is not { } perPass) return false;
        // What is pending on the way in is made first (a run's start may carry it; a loop's header has made it).
        long pending = PendingFuel();
        if (part.Trip is null) perPass += pending;
        else if (pending > 0) return false;
        if (perPass == 0) return false;
        if (part.Trip is null)
        {
            // fuel ≥ the run's charges (unsigned, as the interpreter compares).
            _il.Emit(OpCodes.Ldloc, _fuel);
            _il.Emit(OpCodes.Ldc_I8, perPass);
            _il.Emit(OpCodes.Blt_Un, fail);
            return true;
        }
        // (last + 1) · perPass ≤ fuel ⟺ last < ⌊fuel / perPass⌋ (unsigned; no product that could wrap).
        _il.Emit(OpCodes.Ldloc, lastIteration);
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Ldc_I8, perPass);
        _il.Emit(OpCodes.Div_Un);
        _il.Emit(OpCodes.Bge_Un, fail);
        return true;
    }
}
