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
    // Inside a check-free loop copy that cannot trap, whose charges were all subtracted on the way in: none is emitted.
    private bool _fuelPrepaid;

    /// <summary>The largest per-iteration charge whose product with a loop's iteration count (at most 2³²) is tested
    /// directly against the fuel: the product stays below 2⁶³.</summary>
    internal const long MaxCoverProductFactor = 1L << 31;

    /// <summary>Whether nothing in <paramref name="part"/>'s check-free copy can trap: its accesses are all proven, and
    /// every other op is a constant charge (covered), an inline float op, an integer op other than a division or a
    /// remainder, a conversion or numeric op that reports no trap, a move, a constant, a select, a global read or the
    /// back edge. Then nothing can see the fuel until the copy leaves, every iteration running to its end.</summary>
    internal static bool CannotTrap(int[] code, CheckFreeCode part)
    {
        foreach (int at in RegisterCode.Ops(code, part.Start, part.End))
        {
            var op = (Op)code[at];
            bool quiet = AccessSize(op) > 0 ? part.Accesses.Contains(at) : op == Op.BrIfNez || NeverTraps(op);
            if (!quiet) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="op"/> (not a memory access) never traps and changes nothing but its cell or the
    /// fuel: arithmetic without division or remainder (compare-and-branch forms included), conversions that cannot fail,
    /// copies, constants, selects, global and memory-size reads, constant charges.</summary>
    internal static bool NeverTraps(Op op)
    {
        var form = Forms[(int)op];
        return form.Kind switch
        {
            FormKind.Float => true,
            FormKind.Integer => form.Operator is not ("DivS" or "DivU" or "RemS" or "RemU"),
            FormKind.Numeric => !form.Numeric!.GetParameters().Any(p => p.IsOut),
            FormKind.Special => op is Op.ConsumeFuel or Op.Copy or Op.Const32 or Op.Const64 or Op.Select or Op.GlobalGet
                or Op.MemorySize or Op.I32Eqz or Op.I64Eqz or Op.I32WrapI64 or Op.I64ExtendI32S or Op.I64ExtendI32U
                or Op.I32Extend8S or Op.I32Extend16S or Op.I64Extend8S or Op.I64Extend16S or Op.I64Extend32S,
            _ => false,
        };
    }

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
        if (perPass <= MaxCoverProductFactor)
        {
            // (last + 1) · perPass ≤ fuel (unsigned): last < 2³² (EmitLastIteration) and perPass ≤ 2³¹, so the product
            // is below 2⁶³ and cannot wrap. A multiplication the JIT folds when the trip is a constant (matmul's inner
            // loop: one compare), where the quotient below cost a multiply-high and a shift on every entry.
            _il.Emit(OpCodes.Ldloc, lastIteration);
            _il.Emit(OpCodes.Ldc_I8, 1L);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldc_I8, perPass);
            _il.Emit(OpCodes.Mul);
            _il.Emit(OpCodes.Ldloc, _fuel);
            _il.Emit(OpCodes.Bgt_Un, fail);
        }
        else
        {
            // (last + 1) · perPass ≤ fuel ⟺ last < ⌊fuel / perPass⌋ (unsigned; no product that could wrap).
            _il.Emit(OpCodes.Ldloc, lastIteration);
            _il.Emit(OpCodes.Ldloc, _fuel);
            _il.Emit(OpCodes.Ldc_I8, perPass);
            _il.Emit(OpCodes.Div_Un);
            _il.Emit(OpCodes.Bge_Un, fail);
        }
        if (CannotTrap(_function.Code, part))
        {
            // Every iteration runs to its end and nothing sees the fuel before the copy leaves: all its charges at once
            // (fuel −= (last + 1) · perPass, at most the fuel), none in the loop (matmul's inner loop kept a subtraction
            // and the fuel's register in every iteration).
            _il.Emit(OpCodes.Ldloc, _fuel);
            _il.Emit(OpCodes.Ldloc, lastIteration);
            _il.Emit(OpCodes.Ldc_I8, 1L);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldc_I8, perPass);
            _il.Emit(OpCodes.Mul);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, _fuel);
            _fuelPrepaid = true;
        }
        return true;
    }
}
