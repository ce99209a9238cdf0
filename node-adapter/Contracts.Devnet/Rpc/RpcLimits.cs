namespace Contracts.Devnet.Rpc;

/// <summary>
/// The bounds every request is held to before any work is done, so a hostile or broken client costs bounded memory:
/// geth's defaults for the body (5 MiB) and batch (1,000) sizes, a JSON nesting depth, and eth_getLogs' range and
/// result caps.
/// </summary>
public sealed record RpcLimits
{
    public static readonly RpcLimits Default = new();

    public int MaxRequestBytes { get; init; } = 5 * 1024 * 1024;

    public int MaxBatchSize { get; init; } = 1_000;

    public int MaxJsonDepth { get; init; } = 64;

    public ulong MaxLogBlockRange { get; init; } = 100_000;

    public int MaxLogResults { get; init; } = 10_000;

    /// <summary>
    /// Simultaneous HTTP and WebSocket connections. Kestrel closes a connection past the cap as soon as it is accepted,
    /// so the cap is set well above what thousands of idle clients hold (an idle connection costs a few KiB; the
    /// process may open 20,000 descriptors here): they time out (<see cref="IdleTimeout"/>) while the node keeps
    /// serving everyone else.
    /// </summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>An idle keep-alive or a slow request header is dropped after this.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
