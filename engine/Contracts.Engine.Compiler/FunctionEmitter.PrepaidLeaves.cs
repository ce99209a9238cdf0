using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Leaves whose charges their compiled callers make. A direct method that charges fuel checks it, and its out-of-fuel
/// slow path calls a throw helper, so even a leaf of five instructions got a stack frame, the fuel as an argument and in
/// its return value (<see cref="FuelAndBits"/>), and the carried counter as an argument it never reads: calls' leaves
/// took seven arguments, one on the stack.
/// <para>A <em>prepaid</em> leaf is a function whose code is one straight run to its return of ops that never trap
/// and change nothing but their cells (<see cref="NeverTraps"/>: no call, branch, memory access, store or global write)
/// and constant charges. Nothing it does is observable before it returns, so when the fuel covers all its charges it
/// runs to its end, and when it does not, the interpreter runs out of fuel at the first charge the fuel does not cover,
/// having changed nothing. So a compiled caller makes the leaf's charges itself, right before the direct call (after
/// the call's budget test and value-stack room, where the interpreter would enter the callee): one check of their sum,
/// and when it fails, a chain that traps out of fuel at the leaf's own function and offset of the first charge not
/// covered, with the caller's counter (the leaf does not touch it). The leaf's direct method then takes neither the fuel
/// nor the counter and returns its result alone (<c>ulong f(context, frameBase, depthAndBudget, argument…)</c>), and
/// makes no charge. Its frame entry, for the interpreter, the host and call_indirect's generic path, is the function
/// compiled whole in the frame convention, which charges as any frame method does.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Per defined function, its charges (amount, code position) when it is a prepaid leaf, else null.
    private readonly (long Amount, int At)[]?[] _prepaidLeaves;
    // Whether this method is a prepaid leaf's direct method (its callers make its charges: it makes none).
    private readonly bool _prepaid;
    // Chains that find which of a prepaid callee's charges ran out, emitted with the trap stubs.
    private readonly List<(Label Label, CompiledFunction Callee, (long Amount, int At)[] Charges)> _leafChargeChains = [];

    /// <summary>The charges of <paramref name="function"/>'s code, in order, when its compiled callers may make them for
    /// it (a prepaid leaf, as above); else null.</summary>
    internal static (long Amount, int At)[]? PrepaidCharges(CompiledFunction function)
    {
        if (!CompiledCalls.IsDirect(function.Type)) return null;
        var code = function.Code;
        var charges = new List<(long Amount, int At)>();
        long total = 0;
        int at = 0;
        while (at < code.Length)
        {
            if (code[at] < 0)
            {
                if (!Add((uint)~code[at], at)) return null;
                at++;
                continue;
            }
            var op = (Op)code[at];
            int width = OpLayout.Width(code, at);
            if (op is Op.ReturnVoid or Op.Return1) return at + width == code.Length ? [.. charges] : null;
            if (op == Op.ConsumeFuel)
            {
                if (!Add((uint)code[at + 1] | ((ulong)(uint)code[at + 2] << 32), at)) return null;
            }
            else if (AccessSize(op) > 0 || !NeverTraps(op) || OpLayout.Of(op).AsSpan().IndexOfAny('b', '*') >= 0)
            {
                return null;
            }
            at += width;
        }
        return null;

        bool Add(ulong amount, int position)
        {
            if (amount >= MaxPendingFuel || total + (long)amount >= MaxPendingFuel) return false;
            total += (long)amount;
            charges.Add(((long)amount, position));
            return true;
        }
    }

    /// <summary>Before a direct call of a prepaid leaf: its charges, checked as one sum and subtracted; when the fuel
    /// does not cover them, out of fuel at the leaf's first charge not covered (<see cref="EmitLeafChargeChains"/>).</summary>
    private void EmitLeafCharges(CompiledFunction callee, (long Amount, int At)[] charges)
    {
        long total = 0;
        foreach (var (amount, _) in charges) total += amount;
        if (total == 0) return;
        var fail = _il.DefineLabel();
        _leafChargeChains.Add((fail, callee, charges));
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Ldc_I8, total);
        _il.Emit(OpCodes.Blt_Un, fail);
        EmitSubtractFuel(total);
    }

    /// <summary>The chains of prepaid callees' charges: out of fuel at the first whose running sum exceeds the fuel, in
    /// the callee, at its offset.</summary>
    private void EmitLeafChargeChains()
    {
        foreach (var (label, callee, charges) in _leafChargeChains)
        {
            _il.MarkLabel(label);
            // The sum exceeds the fuel, so the last charge that is not 0 (a charge of 0 never runs out) is not covered
            // when those before it are.
            int last = Array.FindLastIndex(charges, charge => charge.Amount > 0);
            long sum = 0;
            for (int i = 0; i <= last; i++)
            {
                sum += charges[i].Amount;
                if (charges[i].Amount == 0) continue;
                var covered = _il.DefineLabel();
                if (i < last)
                {
                    _il.Emit(OpCodes.Ldloc, _fuel);
                    _il.Emit(OpCodes.Ldc_I8, sum);
                    _il.Emit(OpCodes.Bge_Un, covered);
                }
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, (int)TrapKind.OutOfFuel);
                EmitTrapTail(OffsetOf(callee, charges[i].At), callee.FunctionIndex, outOfFuel: true, left: false);
                _il.MarkLabel(covered);
            }
        }
    }
}
