using Contracts.Chain.Blocks;
using Contracts.Chain.Transactions;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Chain;

/// <summary>
/// A block executed on its parent's state and not yet stored: the sealed header (state, transactions and receipts
/// roots, bloom, gas used), the transactions included with their senders, the receipts, each transaction's
/// execution result and state diff, and (for <see cref="Blockchain.BuildBlock"/>) the pool transactions left out
/// with the reason. <see cref="Blockchain.Commit"/> stores it.
/// </summary>
public sealed class BlockResult
{
    internal BlockResult(Block block, IReadOnlyList<Address> senders, IReadOnlyList<Receipt> receipts, IReadOnlyList<ExecutionResult> results,
        IReadOnlyList<StateChanges> diffs, IReadOnlyList<RejectedTransaction> rejected, WorldState state)
    {
        Block = block;
        Senders = senders;
        Receipts = receipts;
        Results = results;
        Diffs = diffs;
        Rejected = rejected;
        State = state;
    }

    public Block Block { get; }

    public BlockHeader Header => Block.Header;

    public Hash256 StateRoot => Block.Header.StateRoot;

    public ulong GasUsed => Block.Header.GasUsed;

    public IReadOnlyList<SignedTransaction> Transactions => Block.Transactions;

    public IReadOnlyList<Address> Senders { get; }

    public IReadOnlyList<Receipt> Receipts { get; }

    /// <summary>Each transaction's result (return data, revert data, failure message).</summary>
    public IReadOnlyList<ExecutionResult> Results { get; }

    /// <summary>Per transaction, the accounts, slots and byte-string keys it wrote, with their new values.</summary>
    public IReadOnlyList<StateChanges> Diffs { get; }

    /// <summary>Pool transactions <see cref="Blockchain.BuildBlock"/> left out, with geth's reason.</summary>
    public IReadOnlyList<RejectedTransaction> Rejected { get; }

    public IEnumerable<Log> Logs => Receipts.SelectMany(r => r.Logs);

    /// <summary>The post-state, pending until committed (one commit per result).</summary>
    internal WorldState State { get; }

    internal int CommitCount;

    /// <summary>The receipts-and-diffs record, serialized beside the state root's hashing (null: Commit serializes it).</summary>
    internal Task<byte[]>? StoredOutcomes { get; init; }
}

/// <summary>A pool transaction left out of a built block, and why (geth's wording).</summary>
public sealed record RejectedTransaction(SignedTransaction Transaction, string Reason);
