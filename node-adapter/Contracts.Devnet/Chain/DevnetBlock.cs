using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Chain;

/// <summary>A sealed block as RPC shows it: the header fields and its transactions in order.</summary>
public sealed record DevnetBlock
{
    public required ulong Number { get; init; }
    public required Hash256 Hash { get; init; }
    public required Hash256 ParentHash { get; init; }
    public required ulong Timestamp { get; init; }
    public required Address Coinbase { get; init; }
    public required Hash256 StateRoot { get; init; }
    public required Hash256 TransactionsRoot { get; init; }
    public required Hash256 ReceiptsRoot { get; init; }
    public required LogsBloom Bloom { get; init; }
    public required ulong GasLimit { get; init; }
    public required ulong GasUsed { get; init; }
    public required UInt256 BaseFee { get; init; }
    public Hash256 MixHash { get; init; }
    public ReadOnlyMemory<byte> ExtraData { get; init; }

    /// <summary>The size of the block's RLP encoding in bytes, when the chain knows it.</summary>
    public ulong Size { get; init; }

    public required IReadOnlyList<SignedTransaction> Transactions { get; init; }
}
