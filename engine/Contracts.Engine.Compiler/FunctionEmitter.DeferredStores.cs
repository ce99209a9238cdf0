using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Canonicalization of a check-free loop's stored f64 results after the loop instead of before each store. In a loop
/// whose every store is an f64 store of an inline float op's uncanonicalized (dirty) result at a proven affine address,
/// and whose every load is an f64 load into a float cell, the check-free copy stores the raw results and folds them
/// together by adds and fused multiply-adds (a NaN among them makes the fold a NaN for good); when the loop leaves — at
/// its exit, or at a trap inside it — and the fold is a NaN, the locations the stores wrote (each store's address at
/// every iteration run so far, and in the trapping iteration the stores before the trap) are read back and a NaN among them replaced by
/// the canonical NaN. Memory is then what the interpreter leaves: every location the loop wrote was last written by one
/// of those stores (no other store is in the loop), whose value is the interpreter's but for a NaN's bits.
/// <para>Inside the loop a raw NaN in memory is never observed as bits: the only loads are f64 loads into float cells,
/// which the copy marks dirty (canonicalized, as any dirty cell, before anything reads their bits); inline float ops
/// give a NaN for any NaN operand, so nothing else depends on which NaN it was. A false alarm (an infinity and its
/// negation added, or an infinity times zero) only costs the reading back.</para>
/// <para>Why: the canonicalization before a store (a compare and a blend) waits for the value, and nbody's inner loop
/// stores six results, three of them loaded again by the next iteration: with it, 1.54x Wasmtime's time; without it,
/// 1.03x. The fold's ops are off the stored value's path; each iteration folds its own values, and only the last op
/// reads the accumulator carried from iteration to iteration (one op on that chain; six adds on it, one per store, made
/// nbody 1.86x), which needs one register where an accumulator per store needed six (the JIT spilled three of them in
/// nbody's loop, and the exit summed them). See <see cref="EmitDeferredStore"/> for why three values an op.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary>A loop copy's raw stores: per store position its index among them, in order.</summary>
    private sealed class DeferredStores(Dictionary<int, int> sites, ProvenAddress[] addresses, int backEdge)
    {
        public Dictionary<int, int> Sites { get; } = sites;

        /// <summary>Per site, in order, its address over the iterations.</summary>
        public ProvenAddress[] Addresses { get; } = addresses;

        /// <summary>The position of the loop's back edge (the iteration counter counts there).</summary>
        public int BackEdge { get; } = backEdge;

        /// <summary>Every completed iteration's stored values folded together (a NaN among them makes it a NaN for good).</summary>
        public LocalBuilder? Accumulator { get; init; }

        /// <summary>The current iteration's stored values folded so far.</summary>
        public LocalBuilder? IterationSum { get; init; }

        /// <summary>Two stored values of the current iteration waiting to be folded.</summary>
        public LocalBuilder[] Held { get; init; } = [];

        /// <summary>While the copy is emitted: the locals of <see cref="IterationSum"/> and <see cref="Held"/> holding
        /// values of the iteration not folded yet (at most two between stores).</summary>
        public List<LocalBuilder> Pending { get; } = [];

        /// <summary>Per site, its address form's value (without its constant) where the loop began, as a uint; null
        /// when the loop writes none of the form's cells (its value is the same wherever the copy is left).</summary>
        public LocalBuilder?[] Starts { get; init; } = [];

        /// <summary>The iterations completed.</summary>
        public LocalBuilder? Iterations { get; init; }

        public int[] Positions { get; init; } = [];
    }

    // While the check-free copy of a loop with raw stores is emitted: its stores.
    private DeferredStores? _deferred;
    // Trap exits out of such copies: the code that canonicalizes what the copy stored, then the trap.
    private readonly List<(Label Exit, Label Trap, DeferredStores Stores, int At)> _deferredTrapExits = [];

    /// <summary>The store positions of <paramref name="loop"/> whose results may stay raw, with their addresses, when
    /// the loop qualifies (see the type's summary), else null.</summary>
    internal static Dictionary<int, ProvenAddress>? RawStores(int[] code, CheckFreeCode loop, bool[] floatCells)
    {
        // A loop leaving in the middle would leave by its exit branch without the reading back.
        if (loop.Trip is null || loop.Exit is not null || EightByteLattice(loop) is null) return null;
        // Cells that may hold what a load read from a location a raw store wrote (a NaN's bits other than the
        // interpreter's): only inline float ops and copies may read them, and none may be read after the loop. An
        // iteration starts with those the previous one left (at most a few passes: the set only grows).
        var loaded = new HashSet<int>();
        for (int pass = 0; pass < 8; pass++)
        {
            var stores = Iteration(code, loop, floatCells, loaded);
            if (stores is null) return null;
            if (loaded.SetEquals(stores.Value.Loaded))
            {
                foreach (int cell in loaded)
                {
                    if (!DeadAt(code, loop.End, cell)) return null;
                }
                return stores.Value.Stores.Count == 0 ? null : stores.Value.Stores;
            }
            loaded.UnionWith(stores.Value.Loaded);
        }
        return null;
    }

    /// <summary>
    /// Per distinct base of <paramref name="loop"/>'s accesses (its form without the constant), the constant and offset
    /// of its first access, when every access moves by a multiple of 8 bytes an iteration and the accesses of one base
    /// lie a multiple of 8 bytes apart; otherwise null. Raw stores need their 8-byte locations, and the loads' too, on
    /// one 8-byte lattice, so that any two are the same bytes or apart: two raw stores overlapping in part leave a window
    /// of bytes from both, which reads back as no NaN where the interpreter's memory holds halves of canonical NaNs, and
    /// a load overlapping a raw store in part reads a raw NaN's bits. Bases that differ are compared when the loop is
    /// entered (<see cref="EmitLatticeCheck"/>).
    /// </summary>
    internal static (AffineValue Base, long Constant)[]? EightByteLattice(CheckFreeCode loop)
    {
        var bases = new Dictionary<AffineValue, long>();
        var order = new List<AffineValue>();
        foreach (int at in loop.Addresses.Keys.Order())
        {
            var address = loop.Addresses[at];
            if (address.Step % 8 != 0) return null;
            var form = address.Form.WithoutConstant();
            long constant = address.Form.Constant + address.Offset;
            if (bases.TryGetValue(form, out long first))
            {
                if (((constant - first) & 7) != 0) return null;
                continue;
            }
            bases[form] = constant;
            order.Add(form);
        }
        return [.. order.Select(form => (form, bases[form]))];
    }

    /// <summary>Where the code falls into the check-free copy of a loop whose stores stay raw: unless every base of its
    /// accesses lies on the first one's 8-byte lattice (<see cref="EightByteLattice"/>), to <paramref name="checkedLoop"/>.</summary>
    private void EmitLatticeCheck(CheckFreeCode loop, Label checkedLoop)
    {
        var lattice = EightByteLattice(loop)!;
        for (int k = 1; k < lattice.Length; k++)
        {
            // (base_k + constant_k) − (base_0 + constant_0) mod 8, in 32 bits (an address's low three bits are its sum's).
            EmitAffine(lattice[k].Base);
            EmitAffine(lattice[0].Base);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldc_I4, (int)((lattice[k].Constant - lattice[0].Constant) & 7));
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldc_I4_7);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Brtrue, checkedLoop);
        }
    }

    /// <summary>The positions of the stores of <paramref name="function"/>'s check-free loops whose results stay raw.</summary>
    internal static int[] RawStorePositions(CompiledFunction function)
    {
        var code = function.Code;
        var floatCells = FloatCells(function);
        return [.. CheckFreeLoops.Find(code, BranchTargets(code)).Values
            .SelectMany(loop => RawStores(code, loop, floatCells)?.Keys ?? Enumerable.Empty<int>()).Order()];
    }

    /// <summary>One iteration of <paramref name="loop"/>'s body from the cells <paramref name="loadedBefore"/> leaves
    /// loaded: its raw stores and the cells loaded at its end, or null when something rules the loop out.</summary>
    private static (Dictionary<int, ProvenAddress> Stores, HashSet<int> Loaded)? Iteration(int[] code, CheckFreeCode loop,
        bool[] floatCells, HashSet<int> loadedBefore)
    {
        var dirty = new Dictionary<int, bool>();
        var loaded = new HashSet<int>(loadedBefore);
        var stores = new Dictionary<int, ProvenAddress>();
        foreach (int at in RegisterCode.Ops(code, loop.Start, loop.End))
        {
            var op = (Op)code[at];
            var layout = OpLayout.Of(op);
            int CellOf(int operand) => code[at + operand] / CompiledFunction.WordsPerCell;
            bool store = IsStore(op);
            if (store)
            {
                int value = CellOf(2);
                if (op != Op.Store64 || !floatCells[value] || value == CellOf(1) || !dirty.TryGetValue(value, out bool wide) || !wide
                    || loaded.Contains(value) || loaded.Contains(CellOf(1)) || !loop.Addresses.TryGetValue(at, out var address))
                    return null;
                stores[at] = address;
            }
            else if (op == Op.I64Load)
            {
                if (loaded.Contains(CellOf(2))) return null;
                loaded.Add(CellOf(1));
            }
            else if (AccessSize(op) > 0)
            {
                return null;
            }
            else if (Forms[(int)op].Kind == FormKind.Float)
            {
                loaded.Remove(CellOf(1));
            }
            else if (op == Op.Copy)
            {
                if (loaded.Contains(CellOf(2))) loaded.Add(CellOf(1));
                else loaded.Remove(CellOf(1));
            }
            else
            {
                // Anything else reads its operands' bits (a destination is operand 0 of an op that writes only it).
                int first = WritesOnlyDestination(op) ? 1 : 0;
                for (int k = first; k < layout.Length; k++)
                {
                    if (layout[k] == 's' && loaded.Contains(CellOf(k + 1))) return null;
                }
                if (first == 1) loaded.Remove(CellOf(1));
            }
            DirtyAfter(dirty, code, at, store);
        }
        return (stores, loaded);
    }

    /// <summary>Whether every path from code position <paramref name="start"/> writes <paramref name="cell"/> before
    /// anything reads it (an op this does not follow counts as a read).</summary>
    private static bool DeadAt(int[] code, int start, int cell)
    {
        var visited = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            int at = pending.Pop();
            while (at < code.Length && visited.Add(at))
            {
                if (code[at] < 0)
                {
                    at++;
                    continue;
                }
                var op = (Op)code[at];
                var layout = OpLayout.Of(op);
                bool writesDestination = WritesOnlyDestination(op);
                bool reads = false;
                for (int k = writesDestination ? 1 : 0; k < layout.Length; k++)
                {
                    if (layout[k] == 's' && code[at + k + 1] / CompiledFunction.WordsPerCell == cell) reads = true;
                }
                if (reads) return false;
                if (writesDestination)
                {
                    if (code[at + 1] / CompiledFunction.WordsPerCell == cell) break;
                    at += OpLayout.Width(code, at);
                    continue;
                }
                if (op is Op.Unreachable or Op.ReturnVoid or Op.Return1) break;
                if (WritesNoCell(op))
                {
                    at += OpLayout.Width(code, at);
                    continue;
                }
                if (op == Op.Br || IsConditionalBranch(op))
                {
                    int branch = layout.IndexOf('b');
                    pending.Push(at + code[at + 1 + branch]);
                    if (op == Op.Br) break;
                    at += OpLayout.Width(code, at);
                    continue;
                }
                // Calls, returns of values, tables: taken as reading every cell.
                return false;
            }
        }
        return true;
    }

    /// <summary>Where the code falls into the check-free copy of <paramref name="loop"/>, whose <paramref name="stores"/>
    /// stay raw (<see cref="RawStores"/>): clears their folds and the iteration count and keeps their addresses' bases.</summary>
    private DeferredStores BeginDeferredStores(CheckFreeCode loop, Dictionary<int, ProvenAddress> stores)
    {
        int[] positions = [.. stores.Keys.Order()];
        int backEdge = loop.Start;
        for (int at = loop.Start; at < loop.End; at += _function.Code[at] < 0 ? 1 : OpLayout.Width(_function.Code, at))
            if (_function.Code[at] >= 0) backEdge = at;
        var deferred = new DeferredStores(positions.Select((at, i) => (at, i)).ToDictionary(p => p.at, p => p.i),
            [.. positions.Select(at => stores[at])], backEdge)
        {
            Accumulator = _il.DeclareLocal(typeof(double)),
            IterationSum = _il.DeclareLocal(typeof(double)),
            Held = [_il.DeclareLocal(typeof(double)), _il.DeclareLocal(typeof(double))],
            Starts = StartLocals(positions.Select(at => stores[at].Form.WithoutConstant()), WrittenCells(loop)),
            Iterations = _il.DeclareLocal(typeof(long)),
            Positions = positions,
        };
        // Every fold local starts at zero: a trap's exit reads them all.
        foreach (var local in (LocalBuilder[])[deferred.Accumulator!, deferred.IterationSum!, .. deferred.Held])
        {
            _il.Emit(OpCodes.Ldc_R8, 0.0);
            _il.Emit(OpCodes.Stloc, local);
        }
        var started = new HashSet<LocalBuilder>();
        for (int i = 0; i < positions.Length; i++)
        {
            if (deferred.Starts[i] is not { } start || !started.Add(start)) continue;
            EmitAffine(deferred.Addresses[i].Form.WithoutConstant());
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Stloc, start);
        }
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Stloc, deferred.Iterations!);
        return deferred;
    }

    /// <summary>One local per distinct base the loop moves (stores of one base share its value where the loop began);
    /// null for a base over cells the loop does not write.</summary>
    private LocalBuilder?[] StartLocals(IEnumerable<AffineValue> bases, HashSet<int> written)
    {
        var locals = new Dictionary<AffineValue, LocalBuilder>();
        LocalBuilder? Start(AffineValue form)
        {
            bool moves = false;
            foreach (var (cell, _) in form.Terms) moves |= written.Contains(cell);
            if (!moves) return null;
            return locals.TryGetValue(form, out var local) ? local : locals[form] = _il.DeclareLocal(typeof(long));
        }
        return [.. bases.Select(Start)];
    }

    /// <summary>The cells <paramref name="loop"/>'s body writes (a straight run: each op writes its destination at most).</summary>
    private HashSet<int> WrittenCells(CheckFreeCode loop)
    {
        var code = _function.Code;
        var written = new HashSet<int>();
        for (int at = loop.Start; at < loop.End; at += code[at] < 0 ? 1 : OpLayout.Width(code, at))
        {
            if (code[at] >= 0 && WritesOnlyDestination((Op)code[at])) written.Add(code[at + 1] / CompiledFunction.WordsPerCell);
        }
        return written;
    }

    /// <summary>Before the op at <paramref name="at"/> of a copy with raw stores: a raw store folds its value into its
    /// iteration's (returns true); the back edge folds those into the accumulator and counts the iteration.</summary>
    /// <remarks>Values are folded three at a time by a fused multiply-add, <c>a·b + c</c>, which is a NaN when one of
    /// them is (and otherwise only for an infinity times zero or infinities of both signs: a false alarm, which costs
    /// only the reading back): each op waiting on a stored value cost nbody's loop about as much as the value's own
    /// arithmetic (an add per value: 1.26-1.30x Wasmtime; only one value folded, a wrong build: 1.09x), and a fused
    /// multiply-add takes two new values where an add takes one. Six values and the accumulator are three ops, where adds
    /// took six.</remarks>
    private bool EmitDeferredStore(DeferredStores deferred, int at)
    {
        if (at == deferred.BackEdge)
        {
            // The iteration's pending values into the accumulator. Two of them and the accumulator make one fused
            // multiply-add in a loop of three stores or more; in a shorter loop its latency, a cycle longer than an
            // add's, would bind the accumulator's chain (matmul's two stores: 15% slower), so two adds, one on it.
            var pending = deferred.Pending;
            if (pending.Count == 2 && deferred.Positions.Length >= 3)
            {
                _il.Emit(OpCodes.Ldloc, pending[0]);
                _il.Emit(OpCodes.Ldloc, pending[1]);
                _il.Emit(OpCodes.Ldloc, deferred.Accumulator!);
                _il.Emit(OpCodes.Call, FusedMultiplyAdd);
                _il.Emit(OpCodes.Stloc, deferred.Accumulator!);
                pending.Clear();
            }
            else if (pending.Count > 0)
            {
                _il.Emit(OpCodes.Ldloc, pending[0]);
                if (pending.Count == 2)
                {
                    _il.Emit(OpCodes.Ldloc, pending[1]);
                    _il.Emit(OpCodes.Add);
                }
                _il.Emit(OpCodes.Ldloc, deferred.Accumulator!);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Stloc, deferred.Accumulator!);
                pending.Clear();
            }
            _il.Emit(OpCodes.Ldloc, deferred.Iterations!);
            _il.Emit(OpCodes.Ldc_I8, 1L);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, deferred.Iterations!);
            return false;
        }
        if (!deferred.Sites.TryGetValue(at, out int site)) return false;
        // Every store runs once an iteration, in order (a straight run): the copy's emission order is the fold's.
        var value = Cell(Word(at, 2));
        if (deferred.Pending is [var first, var second])
        {
            _il.Emit(OpCodes.Ldloc, first);
            _il.Emit(OpCodes.Ldloc, second);
            _il.Emit(OpCodes.Ldloc, value);
            _il.Emit(OpCodes.Call, FusedMultiplyAdd);
            _il.Emit(OpCodes.Stloc, deferred.IterationSum!);
            deferred.Pending.Clear();
            deferred.Pending.Add(deferred.IterationSum!);
            return true;
        }
        // The value is kept (its cell may be written again before it is folded).
        var held = deferred.Held.First(local => !deferred.Pending.Contains(local));
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Stloc, held);
        deferred.Pending.Add(held);
        return true;
    }

    // Math.FusedMultiplyAdd: one instruction where the hardware has it (x64 with FMA3, Arm64); elsewhere a software fused
    // multiply-add, exact as well (only the test's speed differs, never what the loop stores).
    private static readonly System.Reflection.MethodInfo FusedMultiplyAdd =
        typeof(Math).GetMethod(nameof(Math.FusedMultiplyAdd), [typeof(double), typeof(double), typeof(double)])!;

    /// <summary>Where the copy leaves by its exit: every iteration completed.</summary>
    private void EndDeferredStores(DeferredStores deferred) => EmitCanonicalStored(deferred, int.MinValue);

    /// <summary>A trap's exit out of a copy with raw stores (<paramref name="trap"/>: the trap's own code), for a trap
    /// at code position <paramref name="at"/>.</summary>
    private Label DeferredTrapExit(Label trap, int at)
    {
        if (_deferred is not { } deferred) return trap;
        var exit = _il.DefineLabel();
        _deferredTrapExits.Add((exit, trap, deferred, at));
        return exit;
    }

    /// <summary>The trap exits of copies with raw stores (out of line, with the trap stubs).</summary>
    private void EmitDeferredTrapExits()
    {
        foreach (var (exit, trap, deferred, at) in _deferredTrapExits)
        {
            _il.MarkLabel(exit);
            EmitCanonicalStored(deferred, at);
            _il.Emit(OpCodes.Br, trap);
        }
    }

    /// <summary>When the fold of the stored values is a NaN: canonicalizes every location the raw stores wrote in the completed
    /// iterations, and in the current one those before code position <paramref name="trapAt"/> (none at the exit).</summary>
    private void EmitCanonicalStored(DeferredStores deferred, int trapAt)
    {
        // The fold is a NaN when a stored value was (or, rarely, for infinities: the reading back then finds nothing
        // to change). At the exit the back edge has folded the last iteration's values; at a trap the current
        // iteration's so far are added (with older ones folded before, which changes no NaN test but a false alarm's).
        var done = _il.DefineLabel();
        var sum = Temporary(typeof(double), 2);
        _il.Emit(OpCodes.Ldloc, deferred.Accumulator!);
        if (trapAt != int.MinValue)
        {
            // Whichever of them hold the trapping iteration's values (the others hold older ones, or zero).
            foreach (var local in (LocalBuilder[])[deferred.IterationSum!, .. deferred.Held])
            {
                _il.Emit(OpCodes.Ldloc, local);
                _il.Emit(OpCodes.Add);
            }
        }
        _il.Emit(OpCodes.Stloc, sum);
        _il.Emit(OpCodes.Ldloc, sum);
        _il.Emit(OpCodes.Ldloc, sum);
        _il.Emit(OpCodes.Beq, done);
        var iteration = Temporary(typeof(long), 2);
        var next = _il.DefineLabel();
        var test = _il.DefineLabel();
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Stloc, iteration);
        _il.Emit(OpCodes.Br, test);
        _il.MarkLabel(next);
        for (int i = 0; i < deferred.Positions.Length; i++) EmitCanonicalLocation(deferred, i, iteration);
        _il.Emit(OpCodes.Ldloc, iteration);
        _il.Emit(OpCodes.Ldc_I8, 1L);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, iteration);
        _il.MarkLabel(test);
        _il.Emit(OpCodes.Ldloc, iteration);
        _il.Emit(OpCodes.Ldloc, deferred.Iterations!);
        _il.Emit(OpCodes.Blt, next);
        // The trapping iteration: the stores before the trap ran (the iteration is the count of those completed).
        for (int i = 0; i < deferred.Positions.Length; i++)
        {
            if (deferred.Positions[i] < trapAt) EmitCanonicalLocation(deferred, i, deferred.Iterations!);
        }
        _il.MarkLabel(done);
    }

    /// <summary>Replaces a NaN at site <paramref name="site"/>'s address at <paramref name="iteration"/> by the canonical NaN.</summary>
    private void EmitCanonicalLocation(DeferredStores deferred, int site, LocalBuilder iteration)
    {
        var address = deferred.Addresses[site];
        var location = Temporary(typeof(byte).MakeByRefType(), 1);
        _il.Emit(OpCodes.Ldloc, _memoryBase);
        if (deferred.Starts[site] is { } start)
        {
            _il.Emit(OpCodes.Ldloc, start);
        }
        else
        {
            EmitAffine(address.Form.WithoutConstant());
            _il.Emit(OpCodes.Conv_U8);
        }
        // The address operand where the loop began, (start + constant) mod 2^32: the loop's check may be made from its
        // group's least access (Rebased), where start + constant wraps around 2^32 and the operand is the wrapped sum
        // (keccakf's pi loop counts from −96 up). The offset and the iterations' moves then add without wrap-around, as
        // the check proved.
        _il.Emit(OpCodes.Ldc_I8, (long)address.Form.Constant);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Conv_U4);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Ldc_I8, address.Offset);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldloc, iteration);
        _il.Emit(OpCodes.Ldc_I8, (long)address.Step);
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, location);
        EmitCanonicalF64At(location);
    }

    /// <summary>Replaces a NaN in the 8 bytes at <paramref name="location"/> (a byte reference into memory) by the
    /// canonical NaN, leaving any other value's bits as they are.</summary>
    private void EmitCanonicalF64At(LocalBuilder location)
    {
        var kept = _il.DefineLabel();
        // A value equal to itself is no NaN (the predicate EmitCanonicalCell uses).
        var value = Temporary(typeof(double), 1);
        _il.Emit(OpCodes.Ldloc, location);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(OpCodes.Ldind_R8);
        _il.Emit(OpCodes.Stloc, value);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Ldloc, value);
        _il.Emit(OpCodes.Beq, kept);
        _il.Emit(OpCodes.Ldloc, location);
        _il.Emit(OpCodes.Ldc_I8, (long)NumericOps.F64CanonicalNaN);
        _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(OpCodes.Stind_I8);
        _il.MarkLabel(kept);
    }
}
