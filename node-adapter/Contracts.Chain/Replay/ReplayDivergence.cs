using Contracts.State.Primitives;

namespace Contracts.Chain.Replay;

/// <summary>
/// The first place a replayed block differs from the recorded one: the block, the transaction (null for a
/// block-level field such as the state root), the field (<c>status</c>, <c>gas used</c>, <c>log 0 data</c>,
/// <c>account 0x… balance</c>, <c>storage 0x… slot 0x…</c>, <c>state root</c>, …) and both values.
/// </summary>
public sealed record ReplayDivergence(
    ulong BlockNumber,
    Hash256 BlockHash,
    int? TransactionIndex,
    Hash256? TransactionHash,
    string Field,
    string Recorded,
    string Replayed)
{
    public override string ToString() => TransactionIndex is { } index
        ? $"block {BlockNumber} [{BlockHash}] tx {index} [{TransactionHash}]: {Field}: recorded {Recorded}, replayed {Replayed}"
        : $"block {BlockNumber} [{BlockHash}]: {Field}: recorded {Recorded}, replayed {Replayed}";
}
