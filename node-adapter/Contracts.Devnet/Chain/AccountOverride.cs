using Contracts.State.Primitives;

namespace Contracts.Devnet.Chain;

/// <summary>
/// What geth's state override set (the third parameter of <c>eth_call</c> and <c>eth_estimateGas</c>) changes in one
/// account for the duration of a call: its balance, nonce or code; and its 32-byte storage slots, either all of them
/// (<see cref="State"/>: the account's storage is exactly these slots) or some of them (<see cref="StateDiff"/>).
/// </summary>
public sealed record AccountOverride
{
    public UInt256? Balance { get; init; }

    public ulong? Nonce { get; init; }

    public byte[]? Code { get; init; }

    /// <summary>The whole storage: every slot not listed is zero.</summary>
    public IReadOnlyDictionary<UInt256, UInt256>? State { get; init; }

    /// <summary>Slots changed; the others keep their values.</summary>
    public IReadOnlyDictionary<UInt256, UInt256>? StateDiff { get; init; }
}
