using System.Reflection.Emit;
using Contracts.Engine.Execution;
using Contracts.Engine.Runtime;

namespace Contracts.Engine.Compiler;

/// <summary>
/// Fuel charges checked together. A charge (a fuel prefix or a constant <c>ConsumeFuel</c>) is not checked where it
/// stands but kept pending while only ops that change nothing but their cell follow (scalar arithmetic, comparisons,
/// loads, copies, constants, global reads) and forward branches to a target no other edge reaches; the pending charges
/// are checked and subtracted as one sum before anything else (a call, a store, a global write, a return, a label
/// several edges reach). When the sum is more than the fuel, an out-of-line chain finds the first charge the fuel did
/// not cover and traps there, as the interpreter does: out of fuel leaves 0 whichever charge it was, and nothing between
/// the charges was observable (no state changed), so the trap's kind, function, offset, the fuel and the state are the
/// interpreter's. An op between them that traps (a load out of bounds, a division by zero) goes through the same chain
/// first, then traps with the fuel left after the charges (<see cref="AfterPendingCharges"/>). fib's metered call
/// checked three charges (46 on entry, 7 or 352 in its arms, 1 at the join); its leaf now checks one.
/// <para>Not inside code emitted twice (check-free loops and runs, <c>FunctionEmitter.Loops.cs</c>): there every charge
/// is made where it stands, checked in the checked copy and, when the fuel was found to cover them on the way in, only
/// subtracted in the check-free one (<c>FunctionEmitter.FuelCover.cs</c>).</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    // Charges not yet checked nor subtracted, in order: amount and the code position the interpreter charges it at.
    private readonly List<(long Amount, int At)> _pendingCharges = [];
    // Per forward branch target that one edge alone reaches: the charges pending on that edge.
    private readonly Dictionary<int, (long Amount, int At)[]> _pendingAtTarget = [];
    // Out-of-line chains that find which of several pending charges ran out (emitted with the trap stubs); with a
    // trap after them, they make every charge and then go to it.
    private readonly List<(Label Label, (long Amount, int At)[] Charges, Label? Then)> _chargeChains = [];
    private HashSet<int> _singleEdgeTargets = [];
    // Joins (EdgeTargets) whose first charge is made on every edge into them instead of at them, by position.
    private Dictionary<int, (long Amount, int At)> _joinCharges = [];
    // A conditional branch's edge into a join goes through a block of its own, out of line, which makes what was pending
    // at the branch and the join's first charge, then goes to the join.
    private readonly List<(Label Edge, (long Amount, int At)[] Charges, int Target)> _edgeCharges = [];
    // The join whose label a conditional branch being emitted goes to through its edge block, and the join's own label.
    private (int Target, Label Label)? _redirectedJoin;
    private bool _deferCharges = true;

    /// <summary>The largest pending sum: far below where an unsigned compare against it could wrap.</summary>
    private const long MaxPendingFuel = 1L << 40;

    /// <summary>Whether an op neither traps nor changes state (so a pending charge may be checked after it).</summary>
    private static readonly bool[] Quiet = QuietOps();

    private static bool[] QuietOps()
    {
        var quiet = new bool[OpLayout.Count];
        foreach (Op op in Enum.GetValues<Op>())
        {
            string name = op.ToString();
            bool scalar = name.StartsWith("I32", StringComparison.Ordinal) || name.StartsWith("I64", StringComparison.Ordinal)
                || name.StartsWith("F32", StringComparison.Ordinal) || name.StartsWith("F64", StringComparison.Ordinal);
            // Scalar ops change nothing but their cell; those that may trap (loads, divisions, conversions to integers)
            // trap through TrapStub or DynamicTrapStub, which make the pending charges first (AfterPendingCharges).
            bool vector = name.Length > 3 && name[3] == 'x';
            // ConsumeFuel is a charge itself (ChargeFuel).
            quiet[(int)op] = (scalar && !vector)
                || op is Op.Copy or Op.Const32 or Op.Const64 or Op.Select or Op.GlobalGet or Op.ConsumeFuel;
        }
        return quiet;
    }

    private static bool IsConditionalBranch(Op op) => op is Op.BrIfNez or Op.BrIfEqz
        || (op >= Op.BrIfI32Eq && op <= Op.BrIfI64GeUImm);

    /// <summary>Branch targets reached by exactly one edge and never by falling through (positions as in
    /// <see cref="BranchTargets"/>); and the joins: the other targets that only branches of one target (<c>br</c>,
    /// <c>br_if</c> and the fused compare-and-branch ops) and the code falling into them reach, and that begin with a
    /// constant charge (a fuel prefix or a <c>ConsumeFuel</c>: its amount and position). Neither holds the ends of code
    /// emitted twice (<paramref name="twice"/>), a loop's start nor any target of a branch inside it: each copy's branch
    /// is an edge of its own; a straight run's start is no join.</summary>
    internal static (HashSet<int> SingleEdge, Dictionary<int, (long Amount, int At)> Joins) EdgeTargets(int[] code,
        IEnumerable<CheckFreeCode> twice)
    {
        var edges = new Dictionary<int, int>();
        var otherEdges = new HashSet<int>();
        var fallenInto = new HashSet<int>();
        var excluded = new HashSet<int>();
        // A straight run's start may be reached by one edge alone: both copies start from the charges pending on it
        // (FunctionEmitter.FuelCover.cs); it is no join (its first charge is made in each copy).
        var runStarts = new HashSet<int>();
        var parts = twice.ToArray();
        foreach (var part in parts)
        {
            if (part.Trip is null) runStarts.Add(part.Start);
            else excluded.Add(part.Start);
            excluded.Add(part.End);
        }
        bool fallsThrough = false;
        int at = 0;
        while (at < code.Length)
        {
            if (fallsThrough) fallenInto.Add(at);
            if (code[at] < 0)
            {
                // A prefix falls into the word after it, which a branch may target past it (skipping its charge).
                fallsThrough = true;
                at++;
                continue;
            }
            var op = (Op)code[at];
            var layout = OpLayout.Of(op);
            bool copied = parts.Any(part => at >= part.Start && at < part.End);
            for (int k = 0; k < layout.Length; k++)
            {
                if (layout[k] == 'b') Count(at + code[at + 1 + k], copied, op != Op.Br && !IsConditionalBranch(op));
                if (layout[k] == '*')
                {
                    int count = code[at + layout.IndexOf('n') + 1];
                    for (int t = 0; t <= count; t++) Count(at + code[at + 1 + k + t], copied, true);
                }
            }
            fallsThrough = op is not (Op.Br or Op.BrTable or Op.ReturnVoid or Op.Return1 or Op.ReturnN or Op.Unreachable);
            at += OpLayout.Width(code, at);
        }
        var single = new HashSet<int>();
        var joins = new Dictionary<int, (long Amount, int At)>();
        foreach (var (target, count) in edges)
        {
            if (excluded.Contains(target)) continue;
            if (count == 1 && !fallenInto.Contains(target)) single.Add(target);
            else if (!otherEdges.Contains(target) && !runStarts.Contains(target) && ChargeAt(code, target) is { } charge)
                joins[target] = charge;
        }
        return (single, joins);

        void Count(int target, bool copied, bool fromOther)
        {
            edges[target] = edges.GetValueOrDefault(target) + 1;
            if (copied) excluded.Add(target);
            if (fromOther) otherEdges.Add(target);
        }
    }

    /// <summary>The constant charge code position <paramref name="at"/> begins with (its first fuel prefix, else a
    /// ConsumeFuel op there), or null.</summary>
    private static (long Amount, int At)? ChargeAt(int[] code, int at)
    {
        if (code[at] < 0) return ((uint)~code[at], at);
        if ((Op)code[at] != Op.ConsumeFuel) return null;
        ulong amount = (uint)code[at + 1] | ((ulong)(uint)code[at + 2] << 32);
        return amount < MaxPendingFuel ? ((long)amount, at) : null;
    }

    /// <summary>A constant charge of <paramref name="amount"/> at code position <paramref name="at"/>.</summary>
    private void ChargeFuel(long amount, int at)
    {
        if (amount >= MaxPendingFuel || PendingFuel() + amount >= MaxPendingFuel) FlushCharges();
        _pendingCharges.Add((amount, at));
        if (!_deferCharges || amount >= MaxPendingFuel) FlushCharges();
    }

    private long PendingFuel()
    {
        long sum = 0;
        foreach (var (amount, _) in _pendingCharges) sum += amount;
        return sum;
    }

    /// <summary>Checks and subtracts every pending charge as one sum.</summary>
    private void FlushCharges()
    {
        if (_pendingCharges.Count == 0) return;
        long total = PendingFuel();
        if (_fuelPrepaid || _prepaid)
        {
            // Made on the way into a check-free loop copy that cannot trap (FunctionEmitter.FuelCover.cs), or by the callers
            // of a prepaid leaf (FunctionEmitter.PrepaidLeaves.cs).
            _pendingCharges.Clear();
            return;
        }
        if (_fuelCovered)
        {
            // A covered check-free copy (FunctionEmitter.FuelCover.cs): the fuel is known to be enough.
            EmitSubtractFuel(total);
            _pendingCharges.Clear();
            return;
        }
        Label fail;
        if (_pendingCharges.Count == 1)
        {
            fail = TrapStub(TrapKind.OutOfFuel, _pendingCharges[0].At);
        }
        else
        {
            fail = _il.DefineLabel();
            _chargeChains.Add((fail, [.. _pendingCharges], null));
        }
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Ldc_I8, total);
        _il.Emit(OpCodes.Blt_Un, fail);
        EmitSubtractFuel(total);
        _pendingCharges.Clear();
    }

    private void EmitSubtractFuel(long amount)
    {
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Ldc_I8, amount);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _fuel);
    }

    /// <summary>Before op <paramref name="op"/> at <paramref name="at"/>: the pending charges stay pending across a quiet
    /// op and go with a forward branch to a target only it reaches; before anything else they are checked.</summary>
    private void BeforeOpCharges(Op op, int at)
    {
        // A branch to a join makes the join's first charge on its way: an unconditional one here, a conditional one in
        // its edge's block (the fall-through keeps what is pending).
        if (op == Op.Br && _joinCharges.TryGetValue(at + _function.Code[at + 1], out var join)) ChargeFuel(join.Amount, join.At);
        if (IsConditionalBranch(op))
        {
            int joinAt = at + _function.Code[at + 1 + OpLayout.Of(op).IndexOf('b')];
            if (_joinCharges.TryGetValue(joinAt, out var joined))
            {
                var edge = _il.DefineLabel();
                _edgeCharges.Add((edge, [.. _pendingCharges, joined], joinAt));
                _redirectedJoin = (joinAt, _labels[joinAt]);
                _labels[joinAt] = edge;
                return;
            }
        }
        if (_pendingCharges.Count == 0 || Quiet[(int)op]) return;
        if (_deferCharges && (op == Op.Br || IsConditionalBranch(op)))
        {
            int target = at + _function.Code[at + 1 + OpLayout.Of(op).IndexOf('b')];
            if (target > at && _singleEdgeTargets.Contains(target))
            {
                _pendingAtTarget[target] = [.. _pendingCharges];
                // After an unconditional branch nothing runs until a label: what was pending went with the branch.
                if (op == Op.Br) _pendingCharges.Clear();
                return;
            }
        }
        FlushCharges();
    }

    /// <summary>At a label (before anything is emitted for it): the code falling into it checks what is pending; a
    /// target one branch alone reaches (nothing falls into it) starts with what was pending on that branch.</summary>
    private void AtLabelCharges(int at)
    {
        if (_pendingAtTarget.Remove(at, out var carried))
        {
            _pendingCharges.Clear();
            _pendingCharges.AddRange(carried);
            return;
        }
        // The code falling into a join makes its first charge too (every edge has, so the join does not).
        if (_joinCharges.TryGetValue(at, out var join)) ChargeFuel(join.Amount, join.At);
        FlushCharges();
    }

    /// <summary>After the op: a join's label is its own again.</summary>
    private void AfterOpCharges()
    {
        if (_redirectedJoin is not var (target, label)) return;
        _labels[target] = label;
        _redirectedJoin = null;
    }

    /// <summary>The edge blocks of conditional branches into joins: the charges, then the join.</summary>
    private void EmitEdgeCharges()
    {
        foreach (var (edge, charges, target) in _edgeCharges)
        {
            _il.MarkLabel(edge);
            _pendingCharges.AddRange(charges);
            FlushCharges();
            _il.Emit(OpCodes.Br, _labels[target]);
        }
    }

    /// <summary>Whether the charge at <paramref name="at"/> is a join's, made on the edges into it.</summary>
    private bool ChargedOnEdges(int at) => _joinCharges.TryGetValue(at, out var join) && join.At == at;

    /// <summary>Where an op that may trap (a load, a division, a conversion) traps while charges are pending: the
    /// interpreter made those charges before the op, so their chain runs first (out of fuel at the first one the fuel does
    /// not cover), then the fuel left after them goes with the op's trap.</summary>
    private Label AfterPendingCharges(Label trap)
    {
        if (_pendingCharges.Count == 0) return trap;
        var label = _il.DefineLabel();
        _chargeChains.Add((label, [.. _pendingCharges], trap));
        return label;
    }

    /// <summary>The chains that find which pending charge ran out: the first whose running sum exceeds the fuel.</summary>
    private void EmitChargeChains()
    {
        foreach (var (label, charges, then) in _chargeChains)
        {
            _il.MarkLabel(label);
            long sum = 0;
            int checkedCharges = then is null ? charges.Length - 1 : charges.Length;
            for (int i = 0; i < checkedCharges; i++)
            {
                sum += charges[i].Amount;
                _il.Emit(OpCodes.Ldloc, _fuel);
                _il.Emit(OpCodes.Ldc_I8, sum);
                _il.Emit(OpCodes.Blt_Un, TrapStub(TrapKind.OutOfFuel, charges[i].At));
            }
            if (then is { } trap)
            {
                _il.Emit(OpCodes.Ldloc, _fuel);
                _il.Emit(OpCodes.Ldc_I8, sum);
                _il.Emit(OpCodes.Sub);
                _il.Emit(OpCodes.Stloc, _fuel);
                _il.Emit(OpCodes.Br, trap);
            }
            else
            {
                _il.Emit(OpCodes.Br, TrapStub(TrapKind.OutOfFuel, charges[^1].At));
            }
        }
    }
}
