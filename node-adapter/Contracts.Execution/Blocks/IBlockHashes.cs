using Contracts.State.Primitives;

namespace Contracts.Execution.Blocks;

/// <summary>
/// The hashes of the blocks before the one executing, as the chain layer knows them. The host ABI's
/// <c>block_hash</c> asks only for the 256 most recent ancestors (as Ethereum's BLOCKHASH does); the answer must be
/// the same on every node, so it comes from the chain, never from a node-local cache that may lack a block.
/// </summary>
public interface IBlockHashes
{
    /// <summary>The hash of ancestor block <paramref name="number"/>, or null when the chain has no such block.</summary>
    Hash256? GetBlockHash(ulong number);
}
