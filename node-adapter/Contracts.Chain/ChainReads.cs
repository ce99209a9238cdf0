using Contracts.Chain.Transactions;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Chain;

/// <summary>A transaction as stored in a block: where it is and who sent it.</summary>
public sealed record ChainTransaction(SignedTransaction Transaction, Address Sender, Hash256 BlockHash, ulong BlockNumber, int Index);

/// <summary>A stored receipt with its block, the index of its first log in the block, and the failure message.</summary>
public sealed record ChainReceipt(Receipt Receipt, Hash256 BlockHash, ulong BlockNumber, int FirstLogIndex, string Message);

/// <summary>A log with its position: block, transaction and index in the block (as <c>eth_getLogs</c> returns it).</summary>
public sealed record ChainLog(Log Log, Hash256 BlockHash, ulong BlockNumber, Hash256 TransactionHash, int TransactionIndex, int LogIndex);

/// <summary>
/// Which logs <see cref="Blockchain.GetLogs"/> returns: blocks from..to (inclusive), any of <see cref="Addresses"/>
/// (empty: any), and per topic position any of the listed topics (an empty or null position matches anything).
/// </summary>
public sealed record LogFilter
{
    public required ulong FromBlock { get; init; }
    public required ulong ToBlock { get; init; }
    public IReadOnlyList<Address> Addresses { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<Hash256>?> Topics { get; init; } = [];

    public bool Matches(Log log)
    {
        if (Addresses.Count > 0 && !Addresses.Contains(log.Address)) return false;
        for (int i = 0; i < Topics.Count; i++)
        {
            if (Topics[i] is not { Count: > 0 } wanted) continue;
            if (i >= log.Topics.Count || !wanted.Contains(log.Topics[i])) return false;
        }
        return true;
    }
}
