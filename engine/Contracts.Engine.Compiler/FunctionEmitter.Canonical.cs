using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Canonicalization where a NaN's bits are read, not after every float op. The interpreter replaces a NaN result of
/// every float arithmetic op by the canonical NaN; compiled code leaves the hardware's NaN in the destination cell
/// (<em>dirty</em>) while only inline float ops read it — they give a NaN for any NaN operand, and a comparison the same
/// answer for every NaN, so a dirty operand changes neither whether their result is a NaN nor any other value — and
/// canonicalizes the cell in place before anything else reads it (a store, a reinterpretation, a bit op, a select, a
/// global, a call, a return). A chain such as <c>c + a*b</c> stored to memory then canonicalizes once, at the store.
/// <para>Dirty cells never leave a straight run of code: every dirty cell is canonicalized before a branch or a call
/// and before the code falls into a branch target, so every label is reached with every cell as the interpreter has
/// it, and within a run the last write of a dirty cell is the float op that made it dirty, of a known width.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // The cells of the current straight run holding an inline float op's uncanonicalized result, with its width.
    private readonly Dictionary<int, bool> _dirty = [];

    /// <summary>Before the op at <paramref name="at"/>: canonicalizes the dirty cells it may read as bits (all of them
    /// before a branch, a call or a return); an inline float op or a copy reads none. A store whose result stays raw
    /// (<see cref="DeferredStores"/>) adds its value to its accumulator instead.</summary>
    private void EmitCanonicalBefore(Op op, int at)
    {
        bool deferredStore = _deferred is { } deferred && EmitDeferredStore(deferred, at);
        // A store at a constant address whose result stays raw until its run's test (FunctionEmitter.RunDeferredStores.cs).
        deferredStore |= EmitRunDeferredBefore(op, at);
        if (_dirty.Count == 0 || ReadsNoBits(op)) return;
        if (ReadsEveryCell(op))
        {
            EmitCanonicalAll();
            return;
        }
        var layout = OpLayout.Of(op);
        for (int k = 0; k < layout.Length; k++)
        {
            if (layout[k] == 's' && !(deferredStore && k == StoredValueOperand)) EmitCanonicalCell(Word(at, k + 1));
        }
    }

    /// <summary>After the op at <paramref name="at"/> (emitted): which cells it left dirty or clean.</summary>
    private void NoteCanonicalAfter(Op op, int at)
    {
        DirtyAfter(_dirty, _function.Code, at, (_deferred is { } deferred && deferred.Sites.ContainsKey(at)) || at == _runDeferredAt);
        NoteRunDeferredAfter(op, at);
    }

    // A store's operands: the address, then the value.
    private const int StoredValueOperand = 1;

    /// <summary>Whether <paramref name="op"/> reads no cell's bits (an inline float op, a copy, unreachable).</summary>
    private static bool ReadsNoBits(Op op) => Forms[(int)op].Kind == FormKind.Float || op is Op.Copy or Op.Unreachable;

    /// <summary>Whether every cell may be read after <paramref name="op"/> (a branch, a call, a return).</summary>
    private static bool ReadsEveryCell(Op op)
    {
        var layout = OpLayout.Of(op);
        return layout.Contains('b') || layout.Contains('*') || layout.Contains('f') || op is Op.ReturnVoid or Op.Return1;
    }

    /// <summary>The dirty cells after the op at <paramref name="at"/> of <paramref name="code"/>, from those before it
    /// (what <see cref="EmitCanonicalBefore"/> canonicalizes, then what the op writes); a store whose result stays raw
    /// (<paramref name="rawStore"/>) leaves its value dirty.</summary>
    private static void DirtyAfter(Dictionary<int, bool> dirty, int[] code, int at, bool rawStore)
    {
        var op = (Op)code[at];
        int CellOf(int operand) => code[at + operand] / CompiledFunction.WordsPerCell;
        var form = Forms[(int)op];
        if (form.Kind == FormKind.Float)
        {
            int destination = CellOf(1);
            if (form.Float.Shape == FloatShape.Compare) dirty.Remove(destination);
            else dirty[destination] = form.Float.Shape == FloatShape.Promote || (form.Float.Shape != FloatShape.Demote && form.Float.Wide);
            return;
        }
        if (op == Op.Copy)
        {
            int destination = CellOf(1);
            if (dirty.TryGetValue(CellOf(2), out bool wide)) dirty[destination] = wide;
            else dirty.Remove(destination);
            return;
        }
        if (!ReadsNoBits(op) && ReadsEveryCell(op))
        {
            dirty.Clear();
            return;
        }
        // Whatever else the op wrote is one of its slot operands (all canonicalized before it but a raw store's value).
        var layout = OpLayout.Of(op);
        for (int k = 0; k < layout.Length; k++)
        {
            if (layout[k] == 's' && !(rawStore && k == StoredValueOperand)) dirty.Remove(CellOf(k + 1));
        }
    }

    /// <summary>Canonicalizes every dirty cell (before a branch target is fallen into, a branch, a call).</summary>
    private void EmitCanonicalAll()
    {
        EmitRunStoresTest();
        foreach (int cell in _dirty.Keys.Order().ToArray()) EmitCanonicalCell(cell * CompiledFunction.WordsPerCell);
    }

    /// <summary>Replaces a NaN in the cell at <paramref name="slot"/> by the canonical NaN of its width, if the cell is dirty.</summary>
    private void EmitCanonicalCell(int slot)
    {
        int cell = slot / CompiledFunction.WordsPerCell;
        if (!_dirty.Remove(cell, out bool wide)) return;
        if (wide && IsFloatCell(slot))
        {
            // Branch-free, as a compare and a blend (vcmpeqpd, vblendvpd): a value equal to itself is kept bit for bit,
            // a NaN becomes the canonical NaN. The branch this replaced split every store of a float result into three
            // blocks (matmul's inner loop ran 1.50x Wasmtime's time with it, 1.2x without).
            var vector = Temporary(typeof(Vector128<double>));
            _il.Emit(OpCodes.Ldloc, Cell(slot));
            _il.Emit(OpCodes.Call, VectorOfScalar);
            _il.Emit(OpCodes.Stloc, vector);
            _il.Emit(OpCodes.Ldloc, vector);
            _il.Emit(OpCodes.Ldloc, vector);
            _il.Emit(OpCodes.Call, VectorEquals);
            _il.Emit(OpCodes.Ldloc, vector);
            _il.Emit(OpCodes.Ldc_I8, (long)NumericOps.F64CanonicalNaN);
            _il.Emit(OpCodes.Call, DoubleFromBits);
            _il.Emit(OpCodes.Call, VectorOfScalar);
            _il.Emit(OpCodes.Call, VectorSelect);
            _il.Emit(OpCodes.Call, VectorScalar);
            _il.Emit(OpCodes.Stloc, Cell(slot));
            return;
        }
        var done = _il.DefineLabel();
        var value = Temporary(wide ? typeof(double) : typeof(float));
        LoadSlotAsFloat(slot, wide);   // the bits path: a float cell was handled above
        _il.Emit(OpCodes.Stloc, value);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Beq, done);
        _il.Emit(OpCodes.Ldc_I8, wide ? (long)NumericOps.F64CanonicalNaN : NumericOps.F32CanonicalNaN);
        StoreBits(slot);
        _il.MarkLabel(done);
    }

    /// <summary>Stores the float on the stack into the destination slot as its bits, a NaN as the hardware left it (the
    /// cell is dirty until <see cref="EmitCanonicalCell"/>); f32 bits zero-extended, as the interpreter's uint result is.</summary>
    private void EmitRawToSlot(int at, bool wide)
    {
        int slot = Word(at, 1);
        if (wide && IsFloatCell(slot))
        {
            _il.Emit(OpCodes.Stloc, Cell(slot));
            return;
        }
        var value = Temporary(wide ? typeof(double) : typeof(float));
        // Storing into a float32 local rounds to float32, as passing the result to NumericOps.Canonical(float) does.
        _il.Emit(OpCodes.Stloc, value);
        _il.Emit(OpCodes.Ldloc, value);
        if (wide)
        {
            _il.Emit(OpCodes.Call, DoubleToBits);
        }
        else
        {
            _il.Emit(OpCodes.Call, SingleToBits);
            _il.Emit(OpCodes.Conv_U8);
        }
        StoreBits(slot);
    }

    // Vector128's generic methods on double: CreateScalarUnsafe, Equals (lane-wise, false for a NaN), ConditionalSelect, ToScalar.
    private static readonly MethodInfo VectorOfScalar = VectorMethod(nameof(Vector128.CreateScalarUnsafe), [typeof(double)]);
    private static readonly MethodInfo VectorEquals = VectorMethod(nameof(Vector128.Equals), [typeof(Vector128<double>), typeof(Vector128<double>)]);
    private static readonly MethodInfo VectorSelect = VectorMethod(nameof(Vector128.ConditionalSelect), [typeof(Vector128<double>), typeof(Vector128<double>), typeof(Vector128<double>)]);
    private static readonly MethodInfo VectorScalar = VectorMethod(nameof(Vector128.ToScalar), [typeof(Vector128<double>)]);

    private static MethodInfo VectorMethod(string name, Type[] parameters) =>
        typeof(Vector128).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1)
            .Select(m => m.MakeGenericMethod(typeof(double)))
            .Single(m => m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters));
}
