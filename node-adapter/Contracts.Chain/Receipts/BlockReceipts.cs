using Contracts.Chain.Blocks;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.Receipts;

/// <summary>
/// A block's receipts built from its executed transactions and their results: each receipt with its logs' bloom,
/// the block's bloom (their union) and the receipts root. Nothing in a receipt feeds the next transaction, so a block
/// builds them once execution is done, on another core while its state root is hashed.
/// </summary>
internal static class BlockReceipts
{
    public readonly record struct Built(Receipt[] Receipts, LogsBloom Bloom, Hash256 Root);

    /// <param name="executed">The included transactions, senders set, in block order.</param>
    /// <param name="results">Their results.</param>
    /// <param name="cumulativeGas">The block's gas used up to and including each of them.</param>
    /// <param name="baseFee">The block's base fee (for each receipt's effective gas price).</param>
    public static Built Build(IReadOnlyList<Transaction> executed, IReadOnlyList<ExecutionResult> results, IReadOnlyList<ulong> cumulativeGas, UInt256 baseFee)
    {
        var receipts = new Receipt[executed.Count];
        var bloom = new LogsBloom();
        for (int i = 0; i < receipts.Length; i++)
        {
            var transaction = executed[i];
            var result = results[i];
            var receipt = new Receipt
            {
                Type = transaction.Type,
                Succeeded = result.Succeeded,
                CumulativeGasUsed = cumulativeGas[i],
                Bloom = LogsBloom.Of(result.Logs),
                Logs = result.Logs,
                TransactionHash = transaction.Hash,
                TransactionIndex = i,
                From = transaction.Sender,
                To = transaction.To,
                GasUsed = result.GasUsed,
                // Included transactions passed validation, which requires a fee cap of at least the base fee.
                EffectiveGasPrice = transaction.EffectiveGasPrice(baseFee)!.Value,
                ContractAddress = result.ContractAddress,
                Failure = result.Failure,
            };
            bloom.UnionWith(receipt.Bloom);
            receipts[i] = receipt;
        }
        return new Built(receipts, bloom, BlockRoots.ReceiptsRoot(receipts));
    }
}
