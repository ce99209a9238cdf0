using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Canonicalization of f64 results stored at constant addresses deferred to the end of their straight run. In code that
/// holds no fuel, an <c>f64.store</c> of a dirty f64 cell (an inline float op's uncanonicalized result) at a pooled
/// constant address below the memory's minimum (<see cref="ConstantAddresses"/>: it cannot trap) stores the raw result
/// and folds it into the run's NaN test (three values a fused multiply-add, as <see cref="DeferredStores"/> does), and the
/// cell stays dirty. Until the test is made nothing may observe those locations or cells as bits: only inline float
/// ops, copies, constants, integer ops that never trap and write only their cell, other such stores and loads at
/// constant addresses disjoint from the stored locations may come between; anything else — a branch, a label, a call,
/// a return, a load or store that may trap or overlap, a global write — makes the test first. When the fold is a NaN
/// the stored locations are read back and a NaN among them replaced by the canonical NaN, and the folded cells still
/// holding their stored values are canonicalized; either way those cells are canonical after the test (a value that
/// is no NaN is its own canonical form). So memory and cells are the interpreter's wherever they can be seen.
/// <para>Why: nbody's step ends with fifteen positions <c>x += dt·vx</c>, each kept in a local across the step loop and
/// stored at a static address; each paid a compare and a blend (and the JIT's copy of the canonical NaN to a low
/// register), ~1 ms of its 30 (a wrong build without them).</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Accesses at pooled constant addresses below the memory's minimum, with their first byte.
    private Dictionary<int, ulong> _constantAddresses = [];
    // The locations (first byte, 8 bytes each) stored raw since the last test, and the cells folded still holding them.
    private readonly List<ulong> _runStored = [];
    private readonly HashSet<int> _runFolded = [];
    // The fold's locals (two held values and their sum) and those holding values not folded yet.
    private LocalBuilder[]? _runFoldLocals;
    private readonly List<LocalBuilder> _runPending = [];
    // The position of the store being emitted raw, if any.
    private int _runDeferredAt = -1;

    /// <summary>Before the op at <paramref name="at"/>: a store that may stay raw folds its value (returns true); an op
    /// that may observe what was stored raw makes the test first.</summary>
    private bool EmitRunDeferredBefore(Op op, int at)
    {
        _runDeferredAt = -1;
        if (_holdsFuel || _deferred is not null) return false;
        if (op == Op.Store64 && _constantAddresses.TryGetValue(at, out ulong address))
        {
            int value = Word(at, 2) / CompiledFunction.WordsPerCell;
            if (IsFloatCell(Word(at, 2)) && _dirty.TryGetValue(value, out bool wide) && wide)
            {
                // Two raw stores that overlap in part leave a window of bytes from both, which reads back as no NaN
                // where the interpreter's canonical halves are: the ones before are tested first.
                if (_runStored.Any(stored => stored != address && stored < address + 8 && address < stored + 8)) EmitRunStoresTest();
                FoldRunValue(Cell(Word(at, 2)));
                _runStored.Add(address);
                _runFolded.Add(value);
                _runDeferredAt = at;
                return true;
            }
        }
        if (!LeavesRunStoresUnseen(op, at)) EmitRunStoresTest();
        return false;
    }

    /// <summary>After the op at <paramref name="at"/>: a folded cell it overwrote holds its stored value no more.</summary>
    private void NoteRunDeferredAfter(Op op, int at)
    {
        if (_runFolded.Count > 0 && WritesOnlyDestination(op) && at != _runDeferredAt)
            _runFolded.Remove(Word(at, 1) / CompiledFunction.WordsPerCell);
    }

    /// <summary>Whether the op at <paramref name="at"/> neither traps nor reads what a raw store wrote as bits (its
    /// operands' bits are canonicalized before it as usual, which leaves a cell's fold in place).</summary>
    private bool LeavesRunStoresUnseen(Op op, int at)
    {
        if (_runStored.Count == 0) return true;
        if (ReadsNoBits(op) || op is Op.Const32 or Op.Const64) return true;
        int size = AccessSize(op);
        if (size > 0)
        {
            if (IsStore(op) || !_constantAddresses.TryGetValue(at, out ulong first)) return false;
            foreach (ulong stored in _runStored)
            {
                if (first < stored + 8 && stored < first + (ulong)size) return false;
            }
            return true;
        }
        return NeverTraps(op) && WritesOnlyDestination(op) && op is not Op.ConsumeFuel;
    }

    /// <summary>Folds a stored value: two are held, the third makes a fused multiply-add with them.</summary>
    private void FoldRunValue(LocalBuilder value)
    {
        _runFoldLocals ??= [_il.DeclareLocal(typeof(double)), _il.DeclareLocal(typeof(double)), _il.DeclareLocal(typeof(double))];
        var sum = _runFoldLocals[2];
        if (_runPending is [var first, var second])
        {
            _il.Emit(OpCodes.Ldloc, first);
            _il.Emit(OpCodes.Ldloc, second);
            _il.Emit(OpCodes.Ldloc, value);
            _il.Emit(OpCodes.Call, FusedMultiplyAdd);
            _il.Emit(OpCodes.Stloc, sum);
            _runPending.Clear();
            _runPending.Add(sum);
            return;
        }
        // The value is kept (its cell may be written again before the test).
        var held = _runFoldLocals.Take(2).First(local => !_runPending.Contains(local));
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Stloc, held);
        _runPending.Add(held);
    }

    /// <summary>The test of the values stored raw since the last one (nothing when there are none): when their fold is
    /// a NaN, the stored locations and the folded cells are canonicalized; the folded cells are clean after it.</summary>
    private void EmitRunStoresTest()
    {
        if (_runStored.Count == 0) return;
        var done = _il.DefineLabel();
        var sum = Temporary(typeof(double), 2);
        _il.Emit(OpCodes.Ldloc, _runPending[0]);
        if (_runPending.Count == 2)
        {
            _il.Emit(OpCodes.Ldloc, _runPending[1]);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, sum);
        _il.Emit(OpCodes.Ldloc, sum);
        _il.Emit(OpCodes.Ldloc, sum);
        _il.Emit(OpCodes.Beq, done);
        foreach (ulong address in _runStored.Distinct())
        {
            var location = Temporary(typeof(byte).MakeByRefType(), 1);
            _il.Emit(OpCodes.Ldloc, _memoryBase);
            _il.Emit(OpCodes.Ldc_I8, (long)address);
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, location);
            EmitCanonicalF64At(location);
        }
        // The folded cells still dirty hold what was folded: canonical after this on both ways (EmitCanonicalCell
        // forgets them as dirty).
        foreach (int cell in _runFolded.Order().ToArray())
        {
            if (_dirty.ContainsKey(cell)) EmitCanonicalCell(cell * CompiledFunction.WordsPerCell);
        }
        _il.MarkLabel(done);
        _runStored.Clear();
        _runFolded.Clear();
        _runPending.Clear();
    }
}
