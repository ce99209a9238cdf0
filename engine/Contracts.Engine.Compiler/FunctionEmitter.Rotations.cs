using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// rotl and rotr: the .NET JIT's own rotate (<c>rol</c>/<c>ror</c>, one instruction) where no comparison can see it,
/// else two shifts joined by an add.
/// <para>The x64 JIT of .NET 10 believes a rotate by a nonzero constant sets the zero flag (it sets only CF and OF;
/// dotnet/runtime#129288, fixed after .NET 10): lowering drops the <c>test</c> of an <c>==</c>/<c>!=</c> 0 whose operand
/// node <em>is</em> the rotate, which then reads a stale flag. The rotate becomes that operand when the JIT
/// forward-substitutes its cell into the next statement (an eqz, a br_if, a select, a division's zero check), also through
/// casts and through identities morph folds away (<c>x ^ 0</c>, <c>x | 0</c>, <c>x &lt;&lt; 0</c>, with a constant the
/// JIT propagated), and, were compiled functions inlined into each other, through arguments and results. So a function
/// gets native rotates only when no rotation's value can reach anything but integer arithmetic and the value operand of
/// a store (<see cref="RotationsStayInArithmetic"/>): a forward walk over the code's branches follows every rotation's
/// value from its destination through the arithmetic ops and moves that read it, until something else overwrites the
/// cell; any other reader of a cell holding one — a
/// comparison, a branch, a select, a division, an address, a call, a return, a global, a float op — keeps the whole
/// function on shifts. Arithmetic on a rotated value yields a node of that operator (or a constant) around the rotate,
/// never a comparison, and a store consumes it without a flag; so no comparison with zero ever has a rotate as its
/// operand.</para>
/// <para>The count is taken modulo the width in IL (a constant one at emit time), so the JIT never encodes a rotate by
/// a constant above 127, which .NET 10 also gets wrong (one immediate byte short for a stack operand). The shifts:
/// with c the count modulo the width w, rotl is (x &lt;&lt; c) + ((x &gt;&gt;&gt; 1) &gt;&gt;&gt; (w - 1 - c)), which is x for c = 0
/// without a shift by w, and rotr mirrors it; an immediate count folds to (x &lt;&lt; c) + (x &gt;&gt;&gt; (w - c)). An add
/// is no rotation pattern to the JIT (it matches only or and xor). sha256's rounds, whose rotations feed xors and adds,
/// ran 1.6x Wasmtime's time on shifts and 1.15x with native rotates.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Whether this function's rotations are emitted as the JIT's rotate (RotationsStayInArithmetic), decided on first use.
    private bool? _nativeRotations;

    private void EmitRotation(OpForm form, int at)
    {
        _nativeRotations ??= RotationsStayInArithmetic(_function.Code);
        // A rotation by a constant 0 is its operand (FunctionEmitter.SpelledRotations.cs).
        var shiftLike = ResultShiftLike(form.Operator, form.Immediate, at);
        bool wide = form.Wide, left = form.Operator == "Rotl";
        int mask = wide ? 63 : 31;
        if (_nativeRotations.Value) EmitNativeRotation(at, wide, left, form.Immediate, mask);
        else EmitShiftedRotation(at, wide, left, form.Immediate, mask);
        if (!wide) _il.Emit(OpCodes.Conv_U8);
        StoreBits(Word(at, 1));
        MarkShiftLike(Word(at, 1), shiftLike);
    }

    private void EmitNativeRotation(int at, bool wide, bool left, bool immediate, int mask)
    {
        if (immediate)
        {
            // (x << c) | (x >>> (w - c)) through one local: the JIT's rotation pattern, which it keeps in registers
            // better than a call of BitOperations' intrinsic on the cell (sha256: 1.2x Wasmtime's time against 1.76x).
            var value = Temporary(wide ? typeof(long) : typeof(int), 3);
            LoadInteger(at, 2, wide);
            int count = Word(at, 3) & mask;
            if (count == 0) return;
            _il.Emit(OpCodes.Stloc, value);
            EmitRotationByConstant(value, count, left, mask, OpCodes.Or);
            return;
        }
        LoadInteger(at, 2, wide);
        LoadBits(Word(at, 3));
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, mask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Call, (wide, left) switch
        {
            (false, true) => RotateLeft32,
            (false, false) => RotateRight32,
            (true, true) => RotateLeft64,
            (true, false) => RotateRight64,
        });
    }

    /// <summary>Pushes <paramref name="value"/> rotated by <paramref name="count"/> (1 to the width - 1): its shift toward
    /// the rotation and its shift away joined by <paramref name="join"/> — or, the JIT's rotate pattern; add, which the
    /// JIT does not match (the halves' bits are disjoint, so both give the rotation).</summary>
    private void EmitRotationByConstant(LocalBuilder value, int count, bool left, int mask, OpCode join)
    {
        var (toward, away) = left ? (OpCodes.Shl, OpCodes.Shr_Un) : (OpCodes.Shr_Un, OpCodes.Shl);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldc_I4, count);
        _il.Emit(toward);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldc_I4, mask + 1 - count);
        _il.Emit(away);
        _il.Emit(join);
    }

    private void EmitShiftedRotation(int at, bool wide, bool left, bool immediate, int mask)
    {
        var value = Temporary(wide ? typeof(long) : typeof(int), 3);
        LoadInteger(at, 2, wide);
        _il.Emit(OpCodes.Stloc, value);
        var (toward, away) = left ? (OpCodes.Shl, OpCodes.Shr_Un) : (OpCodes.Shr_Un, OpCodes.Shl);
        if (immediate)
        {
            int count = Word(at, 3) & mask;
            if (count == 0) _il.Emit(OpCodes.Ldloc, value);
            else EmitRotationByConstant(value, count, left, mask, OpCodes.Add);
            return;
        }
        var countLocal = Temporary(typeof(int), 4);
        LoadBits(Word(at, 3));
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, mask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, countLocal);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldloc, countLocal);
        _il.Emit(toward);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(away);
        _il.Emit(OpCodes.Ldc_I4, mask);
        _il.Emit(OpCodes.Ldloc, countLocal);
        _il.Emit(OpCodes.Sub);
        _il.Emit(away);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>
    /// Whether no rotation's value in <paramref name="code"/> can reach anything but integer arithmetic and a store's
    /// value. A forward walk over the code's branches to a fixed point, with per position the cells that may hold a
    /// value derived from a rotation by integer operators (add, sub, mul, and, or, xor, shifts, rotations, their immediate
    /// forms), copies, wraps and extensions; any other op overwriting such a cell clears it. Any other reader of such a
    /// cell, and any op reading or writing a range of cells (calls, multi-value returns, br_table) while one is held,
    /// answers no.
    /// </summary>
    internal static bool RotationsStayInArithmetic(int[] code)
    {
        // Per branch target, the cells that may hold a rotation's value when a branch arrives there.
        var arriving = new Dictionary<int, HashSet<int>>();
        bool changed = true;
        while (changed)
        {
            changed = false;
            // The cells that may hold a rotation's value here; null after an unconditional branch, until a target.
            HashSet<int>? held = [];
            int at = 0;
            while (at < code.Length)
            {
                if (arriving.TryGetValue(at, out var cells)) (held ??= []).UnionWith(cells);
                if (code[at] < 0)
                {
                    at++;
                    continue;
                }
                held ??= [];
                var op = (Op)code[at];
                if (!Follow(code, at, op, held)) return false;
                foreach (int target in BranchTargets(code, at, op))
                {
                    if (!arriving.TryGetValue(target, out var known)) arriving[target] = known = [];
                    int before = known.Count;
                    known.UnionWith(held);
                    changed |= known.Count != before;
                }
                if (op is Op.Br or Op.BrTable or Op.ReturnVoid or Op.Return1 or Op.ReturnN or Op.Unreachable) held = null;
                at += OpLayout.Width(code, at);
            }
        }
        return true;
    }

    /// <summary>Updates <paramref name="held"/> over the op at <paramref name="at"/>; false when it reads a held cell
    /// other than as integer arithmetic or a store's value, or touches a range of cells while any is held.</summary>
    private static bool Follow(int[] code, int at, Op op, HashSet<int> held)
    {
        int Cell(int k) => code[at + 1 + k] / CompiledFunction.WordsPerCell;
        bool rotation = Forms[(int)op] is { Kind: FormKind.Integer, Branch: false, Operator: "Rotl" or "Rotr" };
        if (rotation || CarriesValue(op))
        {
            if (rotation || ReadsAny(code, at, held)) held.Add(Cell(0));
            else held.Remove(Cell(0));
            return true;
        }
        var layout = OpLayout.Of(op);
        bool writesDestination = WritesOnlyDestination(op);
        if (held.Count > 0)
        {
            // Ranges of cells (calls' arguments and results, multi-value returns, br_table): any of them may be held.
            if (layout.IndexOfAny(['f', '*', 'n']) >= 0) return false;
            for (int k = 0; k < layout.Length; k++)
            {
                if (layout[k] != 's' || !held.Contains(Cell(k))) continue;
                // A store's value (its second operand) goes to memory as it is; its address is compared.
                if (IsStore(op) && k == 1) continue;
                // The destination of an op that writes one is not read.
                if (k == 0 && writesDestination) continue;
                return false;
            }
        }
        if (writesDestination) held.Remove(Cell(0));
        return true;
    }

    /// <summary>The positions the op at <paramref name="at"/> may branch to (offsets are relative to the op).</summary>
    private static IEnumerable<int> BranchTargets(int[] code, int at, Op op)
    {
        if (op == Op.BrTable)
        {
            int count = code[at + 2];
            for (int t = 0; t <= count; t++) yield return at + code[at + 3 + t];
            yield break;
        }
        var layout = OpLayout.Of(op);
        for (int k = 0; k < layout.Length; k++)
        {
            if (layout[k] == 'b') yield return at + code[at + 1 + k];
        }
    }

    /// <summary>Whether <paramref name="op"/> writes its destination with a value that is its operands' under integer
    /// arithmetic (so it may be a rotation's value itself to the JIT, after an identity folds away).</summary>
    private static bool CarriesValue(Op op) =>
        Forms[(int)op] is { Kind: FormKind.Integer, Branch: false, Operator: "Add" or "Sub" or "Mul" or "And" or "Or" or "Xor"
            or "Shl" or "ShrS" or "ShrU" or "Rotl" or "Rotr" }
        || op is Op.Copy or Op.I32WrapI64 or Op.I64ExtendI32S or Op.I64ExtendI32U or Op.I32Extend8S or Op.I32Extend16S
            or Op.I64Extend8S or Op.I64Extend16S or Op.I64Extend32S;

    /// <summary>Whether the op at <paramref name="at"/> (one that writes its first operand) reads a cell of <paramref name="cells"/>.</summary>
    private static bool ReadsAny(int[] code, int at, HashSet<int> cells)
    {
        var layout = OpLayout.Of((Op)code[at]);
        for (int k = 1; k < layout.Length; k++)
        {
            if (layout[k] == 's' && cells.Contains(code[at + 1 + k] / CompiledFunction.WordsPerCell)) return true;
        }
        return false;
    }

    private static readonly MethodInfo RotateLeft32 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateLeft), [typeof(uint), typeof(int)])!;
    private static readonly MethodInfo RotateRight32 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateRight), [typeof(uint), typeof(int)])!;
    private static readonly MethodInfo RotateLeft64 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateLeft), [typeof(ulong), typeof(int)])!;
    private static readonly MethodInfo RotateRight64 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateRight), [typeof(ulong), typeof(int)])!;
}
