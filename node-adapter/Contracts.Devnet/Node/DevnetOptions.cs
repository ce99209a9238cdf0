using Contracts.Devnet.Rpc;

namespace Contracts.Devnet.Node;

/// <summary>How the devnet produces blocks and what it listens on.</summary>
public sealed record DevnetOptions
{
    /// <summary>The TCP port on 127.0.0.1 (0 picks a free one).</summary>
    public int Port { get; init; } = 8545;

    /// <summary>A block as soon as a transaction arrives (concurrent arrivals share a block). Off when <see cref="BlockTime"/> is set.</summary>
    public bool Automine { get; init; } = true;

    /// <summary>Seal a block (empty ones too) every interval instead of automining.</summary>
    public TimeSpan? BlockTime { get; init; }

    /// <summary>The suggested priority fee (eth_maxPriorityFeePerGas), and the tip eth_sendTransaction offers.</summary>
    public ulong PriorityFee { get; init; } = 1_000_000_000;

    /// <summary>Seconds since the Unix epoch for block timestamps (replaceable in tests).</summary>
    public Func<ulong> Clock { get; init; } = () => (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>How long eth_sendRawTransaction waits for its block when automining before answering anyway.</summary>
    public TimeSpan InclusionWait { get; init; } = TimeSpan.FromSeconds(30);

    public RpcLimits Limits { get; init; } = RpcLimits.Default;

    public string ClientVersion { get; init; } = $"contracts-devnet/{typeof(DevnetOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";
}
