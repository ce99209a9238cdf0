using Contracts.State.Primitives;

namespace Contracts.Execution.ChainSpecs;

/// <summary>Block 0: its header fields and the accounts its state starts with (in address order).</summary>
public sealed record GenesisSpec
{
    public ulong Timestamp { get; init; }

    public ulong GasLimit { get; init; } = 30_000_000;

    public UInt256 BaseFeePerGas { get; init; } = 1_000_000_000;

    public Address Coinbase { get; init; }

    public ReadOnlyMemory<byte> ExtraData { get; init; }

    public Hash256 MixHash { get; init; }

    /// <summary>The genesis allocation, sorted by address so every node builds the same state in the same order.</summary>
    public IReadOnlyList<KeyValuePair<Address, GenesisAccount>> Alloc { get; init; } = [];
}
