using Contracts.State.Primitives;

namespace Contracts.Execution.ChainSpecs;

/// <summary>An account the genesis state holds: balance, nonce, deploy-ready code (stored as given) and storage slots.</summary>
public sealed record GenesisAccount
{
    public UInt256 Balance { get; init; }

    public ulong Nonce { get; init; }

    /// <summary>Code as <c>eth_getCode</c> will return it; a contract's module is loaded from it on first call.</summary>
    public ReadOnlyMemory<byte> Code { get; init; }

    /// <summary>32-byte storage slots (slot → value; zero values are absent, as in Ethereum).</summary>
    public IReadOnlyDictionary<UInt256, UInt256> Storage { get; init; } = new Dictionary<UInt256, UInt256>();
}
