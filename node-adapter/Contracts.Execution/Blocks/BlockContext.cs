using Contracts.State.Primitives;

namespace Contracts.Execution.Blocks;

/// <summary>
/// What a transaction sees of the block it runs in. Every field comes from the block header being executed (the
/// timestamp too: contracts never see a clock), so replaying the block gives every contract the same answers.
/// </summary>
public sealed record BlockContext
{
    public required ulong Number { get; init; }

    /// <summary>Seconds since the Unix epoch, from the header.</summary>
    public required ulong Timestamp { get; init; }

    /// <summary>The account that receives the priority fees (tips).</summary>
    public required Address Coinbase { get; init; }

    /// <summary>The header's mix hash (post-merge Ethereum's prev-randao); the devnet fills it deterministically.</summary>
    public Hash256 PrevRandao { get; init; }

    /// <summary>EIP-1559 base fee per gas of this block (burnt).</summary>
    public required UInt256 BaseFee { get; init; }

    /// <summary>The most chain gas the block's transactions may use together.</summary>
    public required ulong GasLimit { get; init; }

    public required ulong ChainId { get; init; }

    /// <summary>Hashes of ancestor blocks, for <c>block_hash</c>.</summary>
    public required IBlockHashes BlockHashes { get; init; }

    /// <summary>The number of most recent ancestors whose hash <c>block_hash</c> returns (Ethereum's BLOCKHASH window).</summary>
    public const ulong BlockHashWindow = 256;

    /// <summary>
    /// The hash of block <paramref name="number"/> if it is one of the <see cref="BlockHashWindow"/> blocks before this
    /// one, else null (this block's own hash is not known while it executes).
    /// </summary>
    public Hash256? RecentBlockHash(ulong number)
    {
        if (number >= Number || Number - number > BlockHashWindow) return null;
        return BlockHashes.GetBlockHash(number);
    }
}
