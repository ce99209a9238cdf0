namespace Contracts.Engine.Compiler;

/// <summary>
/// Code whose memory accesses one check before it can prove in bounds: an innermost loop for every iteration its exit
/// test allows (<see cref="CheckFreeLoops"/>), or a straight run (<see cref="CheckFreeRuns"/>). The emitter emits it
/// twice, a copy without those accesses' bounds checks entered when the check passes, and the ordinary checked code
/// otherwise (see <c>FunctionEmitter.Loops.cs</c>).
/// </summary>
/// <param name="Start">The first position (a loop's branch target; a fuel prefix belongs to the code).</param>
/// <param name="End">The position after the code, where it leaves (after a loop's back edge).</param>
/// <param name="Trip">A loop's exit test, from which its last iteration is computed; null for a straight run.</param>
/// <param name="Groups">The proven accesses by base: what the check tests.</param>
/// <param name="Accesses">The positions of the loads and stores the check-free copy emits without a bounds check.</param>
/// <param name="Addresses">Per proven access, its address form and how far it moves per iteration.</param>
/// <param name="Exit">A loop that leaves in the middle: the position of its one conditional branch out (to
/// <paramref name="End"/>), the body then ending in an unconditional back edge; null when the loop leaves by its
/// conditional back edge (every iteration runs the whole body).</param>
internal sealed record CheckFreeCode(int Start, int End, LoopTrip? Trip, AccessGroup[] Groups, IReadOnlySet<int> Accesses,
    IReadOnlyDictionary<int, ProvenAddress> Addresses, int? Exit = null)
{
    /// <summary>Groups <paramref name="accesses"/> whose addresses are forms of known step (<paramref name="stepOf"/>:
    /// the form's move per iteration, null when unknown) by base; null when none is.</summary>
    public static (AccessGroup[] Groups, Dictionary<int, ProvenAddress> Proven)? Group(IEnumerable<RunAccess> accesses, Func<AffineValue, int?> stepOf)
    {
        var groups = new Dictionary<AffineValue, AccessGroup>();
        var proven = new Dictionary<int, ProvenAddress>();
        foreach (var access in accesses)
        {
            // int.MinValue has no magnitude in 32 bits: such a stride is left checked.
            if (access.Address is null || stepOf(access.Address) is not int step || step == int.MinValue) continue;
            var key = access.Address.WithoutConstant();
            long start = access.Address.Constant, end = start + access.Offset + access.Size;
            groups[key] = groups.TryGetValue(key, out var group)
                ? group with { MinStart = Math.Min(group.MinStart, start), MaxEnd = Math.Max(group.MaxEnd, end) }
                : new AccessGroup(key, step, start, end);
            proven[access.At] = new ProvenAddress(access.Address, access.Offset, step);
        }
        return proven.Count == 0 ? null : ([.. groups.Values], proven);
    }
}

/// <summary>The back edge is taken while <paramref name="Tested"/> ≠ <paramref name="Bound"/> (32-bit); both are
/// forms over the cells where the first iteration began, <paramref name="Tested"/> moving by <paramref name="Step"/>
/// (≠ 0) per iteration and <paramref name="Bound"/> by nothing. In a loop that leaves in the middle
/// (<see cref="CheckFreeCode.Exit"/>), the exit is taken when they are equal there.</summary>
internal sealed record LoopTrip(AffineValue Tested, AffineValue Bound, int Step);

/// <summary>Accesses whose addresses differ only by a constant: base + k (mod 2^32) + offset, the base moving by
/// <paramref name="Step"/> per iteration (0 in a straight run). <paramref name="MinStart"/> is the least k,
/// <paramref name="MaxEnd"/> the greatest k + offset + size.</summary>
internal sealed record AccessGroup(AffineValue Base, int Step, long MinStart, long MaxEnd);

/// <summary>A proven access's address at iteration t: the form's value where the code began (its cells' low 32 bits,
/// the constant aside, as a uint) + the form's constant + <paramref name="Offset"/> + t·<paramref name="Step"/>, exactly
/// (the check before the code proved that sum in memory for every iteration it allows).</summary>
internal sealed record ProvenAddress(AffineValue Form, long Offset, int Step);
