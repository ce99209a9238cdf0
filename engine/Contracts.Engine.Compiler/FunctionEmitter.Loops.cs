using System.Reflection.Emit;
using Contracts.Engine.Execution;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Code emitted twice (<see cref="CheckFreeCode"/>): loops (<see cref="CheckFreeLoops"/>) and straight runs
/// (<see cref="CheckFreeRuns"/>). A run is checked where it starts, on every arrival, and its copy leaves to its end.
/// Where the code falls into a qualifying loop's header, a check
/// computes the loop's last iteration from its exit test and, per base its proven accesses share, the lowest and
/// highest byte they can touch in any iteration up to it; when all lie in memory, a copy of the loop without those
/// accesses' bounds checks runs and then leaves to the loop's exit; otherwise the ordinary loop runs from its header,
/// checking every access as before. The check reads cells and the memory length only (no fuel, no state, no trap), and
/// the copy executes the same ops in the same order, so traps (kind, function, offset), fuel and state are the
/// interpreter's whichever loop runs: an access that would trap never runs in the copy, since the check proved none of
/// the copy's unchecked accesses can. Memory cannot move or shrink inside such a loop (it has no call and no grow).
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Per check-free loop's header, the label of its check: where the code falling into the header goes, and where a
    // check-free run ending at the header leaves to (sha256's eight loads of the state, a run, end at its round loop's
    // header; leaving to the header's own label, the checked loop, they kept the round from its check-free copy).
    private readonly Dictionary<int, Label> _loopEntries = [];

    /// <summary>Where the code falls into <paramref name="loop"/>'s header (labelled <paramref name="checkedLoop"/>, every
    /// cell canonical, no charge pending): the check, then the check-free copy, which leaves to the loop's exit.</summary>
    private void EmitCheckFreeLoop(CheckFreeCode loop, Label checkedLoop)
    {
        MarkRunLabel(_loopEntries[loop.Start]);
        EmitAccessCheck(loop, checkedLoop);
        // Before the fuel cover, which may make the copy's charges: from here the checked loop may still run.
        var rawStores = RawStores(_function.Code, loop, _floatCells);
        if (rawStores is not null) EmitLatticeCheck(loop, checkedLoop);
        bool covered = EmitFuelCover(loop, LastIteration(), checkedLoop);
        // Stores whose f64 results are canonicalized after the loop (FunctionEmitter.DeferredStores.cs).
        _deferred = rawStores is null ? null : BeginDeferredStores(loop, rawStores);
        var copy = _il.DefineLabel();
        _labels[loop.Start] = copy;
        MarkRunLabel(copy);
        // A loop that moves its values around, unrolled with the moves renamed (FunctionEmitter.RenamedCopies.cs).
        if (_deferred is null && UnrollsRenamed(loop)) EmitUnrolledCopy(loop, copy, covered);
        else EmitCheckFreeCopy(loop, covered);
        _labels[loop.Start] = checkedLoop;
        if (_deferred is { } deferred)
        {
            _deferred = null;
            EndDeferredStores(deferred);
        }
        // The back edge canonicalized every cell, as the checked loop's exit has them.
        _il.Emit(OpCodes.Br, LabelAt(loop.End));
    }

    /// <summary>A straight run at its start (every branch to it included): the check, the check-free copy, which leaves
    /// to the run's end, then the checked run; returns the position after it.</summary>
    private int EmitCheckFreeRun(CheckFreeCode run)
    {
        EmitCanonicalAll();
        _zeroExtended.Clear();
        var checkedRun = _il.DefineLabel();
        EmitAccessCheck(run, checkedRun);
        EmitCheckFreeCopy(run, EmitFuelCover(run, LastIteration(), checkedRun));
        EmitCanonicalAll();
        // Into a check-free loop's check when one starts where the run ends (the copy made its charges: none pending).
        _il.Emit(OpCodes.Br, _loopEntries.TryGetValue(run.End, out var loopEntry) ? loopEntry : LabelAt(run.End));
        MarkRunLabel(checkedRun);
        int at = run.Start;
        while (at < run.End) at = EmitStep(at);
        return at;
    }

    /// <summary>The copy without the proven accesses' checks; <paramref name="fuelCovered"/>: the fuel was found to
    /// cover its charges (FunctionEmitter.FuelCover.cs).</summary>
    private void EmitCheckFreeCopy(CheckFreeCode code, bool fuelCovered)
    {
        _checkFree = code.Accesses;
        _fuelCovered = fuelCovered;
        // The charges pending on the way in are made in the copy, then again (the same) in the checked code.
        (long Amount, int At)[] pending = [.. _pendingCharges];
        int at = code.Start;
        while (at < code.End) at = EmitStep(at);
        FlushCharges();
        _pendingCharges.AddRange(pending);
        _checkFree = NoAccesses;
        _fuelCovered = false;
        _fuelPrepaid = false;
    }

    /// <summary>Where the access check leaves a loop's last iteration.</summary>
    private LocalBuilder LastIteration() => Temporary(typeof(ulong), 1);

    /// <summary>Branches to <paramref name="fail"/> unless every proven access of <paramref name="code"/> is in bounds
    /// (in a loop: in every iteration up to the last one its exit test allows).</summary>
    private void EmitAccessCheck(CheckFreeCode code, Label fail)
    {
        var last = LastIteration();
        if (code.Trip is { } trip) EmitLastIteration(trip, code.Groups, last, fail);
        var start = Temporary(typeof(long), 1);
        foreach (var group in code.Groups)
        {
            // start = the base's value before the code, as a uint: an access's address at iteration t is
            // start + k + t·step (mod 2^32), exactly that when it lies in [0, 2^32), which the two compares ensure.
            EmitAffine(group.Base);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Stloc, start);
            EmitGroupExtreme(start, group.MaxEnd, group.Step > 0 ? group.Step : 0, last);
            _il.Emit(OpCodes.Ldloc, _memoryLength);
            _il.Emit(OpCodes.Bgt, fail);
            if (group.MinStart >= 0 && group.Step >= 0) continue;
            EmitGroupExtreme(start, group.MinStart, group.Step < 0 ? group.Step : 0, last);
            _il.Emit(OpCodes.Ldc_I8, 0L);
            _il.Emit(OpCodes.Blt, fail);
        }
    }

    /// <summary>Stores a loop's last iteration in <paramref name="last"/>, or branches to <paramref name="fail"/>.</summary>
    private void EmitLastIteration(LoopTrip trip, AccessGroup[] groups, LocalBuilder last, Label fail)
    {
        // The last iteration t: the first where tested + t·step ≡ bound (mod 2^32); it is distance / |step| when |step|
        // divides the distance (the 32-bit difference the right way round), and no smaller t reaches the bound.
        EmitAffine(trip.Step > 0 ? trip.Bound : trip.Tested);
        EmitAffine(trip.Step > 0 ? trip.Tested : trip.Bound);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, last);
        long magnitude = Math.Abs((long)trip.Step);
        if (magnitude != 1)
        {
            _il.Emit(OpCodes.Ldloc, last);
            _il.Emit(OpCodes.Ldc_I8, magnitude);
            _il.Emit(OpCodes.Rem_Un);
            _il.Emit(OpCodes.Brtrue, fail);
            _il.Emit(OpCodes.Ldloc, last);
            _il.Emit(OpCodes.Ldc_I8, magnitude);
            _il.Emit(OpCodes.Div_Un);
            _il.Emit(OpCodes.Stloc, last);
        }
        // last · |stride| ≤ 2^32 for every group, so no sum below overflows a long.
        long widest = groups.Max(g => Math.Abs((long)g.Step));
        if (widest > 0)
        {
            _il.Emit(OpCodes.Ldloc, last);
            _il.Emit(OpCodes.Ldc_I8, (1L << 32) / widest);
            _il.Emit(OpCodes.Bgt_Un, fail);
        }
    }

    /// <summary>Pushes start + <paramref name="constant"/> + last · <paramref name="step"/> as an int64.</summary>
    private void EmitGroupExtreme(LocalBuilder start, long constant, int step, LocalBuilder last)
    {
        _il.Emit(OpCodes.Ldloc, start);
        _il.Emit(OpCodes.Ldc_I8, constant);
        _il.Emit(OpCodes.Add);
        if (step == 0) return;
        _il.Emit(OpCodes.Ldloc, last);
        _il.Emit(OpCodes.Ldc_I8, (long)step);
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Pushes <paramref name="value"/> evaluated on the cells as they are now, as an int32 (mod 2^32).</summary>
    private void EmitAffine(AffineValue value)
    {
        bool any = false;
        foreach (var (cell, coefficient) in value.Terms)
        {
            LoadBits(cell * CompiledFunction.WordsPerCell);
            _il.Emit(OpCodes.Conv_U4);
            if (coefficient != 1)
            {
                _il.Emit(OpCodes.Ldc_I4, coefficient);
                _il.Emit(OpCodes.Mul);
            }
            if (any) _il.Emit(OpCodes.Add);
            any = true;
        }
        if (!any)
        {
            _il.Emit(OpCodes.Ldc_I4, value.Constant);
        }
        else if (value.Constant != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, value.Constant);
            _il.Emit(OpCodes.Add);
        }
    }
}
