namespace Contracts.Engine.Compiler;

/// <summary>
/// A check-free straight run's access check made once per parameter instead of once per pointer derived from it: a
/// group of the run's accesses (<see cref="CheckFreeRuns"/>) whose base is a rematerialized cell — one the entry block
/// set to a parameter plus a constant k and nothing writes again (FunctionEmitter.Remat.cs) — is a group of the
/// parameter with k added to its offsets, and groups of one parameter share one check.
/// <para>Exact: the cell holds (parameter + k) mod 2^32 wherever the run begins, and a group's check already takes its
/// accesses as base + constant (mod 2^32) + offset, proving the sum in [0, memory length] without wrap-around, so k is
/// one more constant: an access at (parameter + k) mod 2^32 + offset is proven exactly when parameter + k + offset (and
/// its last byte) lies in memory — a negative sum makes the group's lower check fail, one past 2^32 its upper check.</para>
/// <para>Why: keccakf's chi step reads and writes the state through 21 pointers LLVM hoisted out of the round (st + 8k);
/// the run's check compared each of them with the memory's length, 21 compare-and-branch pairs a round, where one pair
/// covers the lot.</para>
/// </summary>
internal sealed partial class FunctionEmitter
{
    /// <summary><paramref name="runs"/> with each run's groups on rematerialized cells moved onto their parameter and
    /// merged (see the type's remarks); a run without such a group is kept as it is.</summary>
    private Dictionary<int, CheckFreeCode> WithRematerializedBasesMerged(Dictionary<int, CheckFreeCode> runs)
    {
        if (_rematerialized.Count == 0) return runs;
        var merged = new Dictionary<int, CheckFreeCode>(runs.Count);
        foreach (var (start, run) in runs) merged[start] = run with { Groups = MergeGroups(run.Groups) };
        return merged;
    }

    /// <summary>Groups of a straight run (step 0) with bases on rematerialized cells moved onto their parameters, merged by base.</summary>
    private AccessGroup[] MergeGroups(AccessGroup[] groups)
    {
        if (groups.Any(group => group.Step != 0)) return groups;
        var byBase = new Dictionary<AffineValue, AccessGroup>();
        var order = new List<AffineValue>();
        foreach (var group in groups)
        {
            var moved = group;
            // Only a base that is one such cell itself (coefficient 1): its constant k then stays within ±2^31, and
            // the offsets within ±2^33, far from a long's range in the check's sums.
            if (group.Base.Terms is [(int cell, 1)] && group.Base.Constant == 0
                && _rematerialized.TryGetValue(cell, out var remat))
            {
                moved = new AccessGroup(AffineValue.Entry(remat.Parameter), 0, group.MinStart + remat.Constant, group.MaxEnd + remat.Constant);
            }
            if (byBase.TryGetValue(moved.Base, out var existing))
            {
                byBase[moved.Base] = existing with { MinStart = Math.Min(existing.MinStart, moved.MinStart), MaxEnd = Math.Max(existing.MaxEnd, moved.MaxEnd) };
            }
            else
            {
                byBase[moved.Base] = moved;
                order.Add(moved.Base);
            }
        }
        return [.. order.Select(key => byBase[key])];
    }

    /// <summary><paramref name="code"/> (loops or runs) with every group's base moved to its least access
    /// (<see cref="Rebased"/>).</summary>
    private static Dictionary<int, CheckFreeCode> WithGroupsRebased(Dictionary<int, CheckFreeCode> code)
    {
        var rebased = new Dictionary<int, CheckFreeCode>(code.Count);
        foreach (var (start, part) in code) rebased[start] = part with { Groups = [.. part.Groups.Select(Rebased)] };
        return rebased;
    }

    /// <summary>The group with the constant of its least access moved into its base: base + MinStart, offsets from 0.
    /// <para>Exact for the same reason as a group itself: the check proves start + (k − MinStart) + t·step + offset in
    /// memory, start being (base + MinStart) mod 2^32, and that sum is then the access's address (base + k + t·step)
    /// mod 2^32 without wrap-around. Never weaker than the base without it: where base + MinStart does not wrap the sums
    /// are the same; where it does, the unmoved check fails (a sum past 2^32 or below 0) while the moved one can pass,
    /// the addresses wrapping too — keccakf's pi loop reads its tables at i + 1120 and i + 1216 with i counting from −96
    /// up to 0, which the unmoved check (start 2^32 − 96) always failed, so that loop ran its checked copy.</para></summary>
    internal static AccessGroup Rebased(AccessGroup group)
    {
        if (group.MinStart == 0 || group.MinStart is < int.MinValue or > int.MaxValue) return group;
        return new AccessGroup(group.Base.Plus((int)group.MinStart), group.Step, 0, group.MaxEnd - group.MinStart);
    }
}
