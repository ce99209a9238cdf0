using Contracts.Chain.Receipts;
using Contracts.Chain.Transactions;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.Chain.Blocks;

/// <summary>
/// A block's transactions root and receipts root: Merkle Patricia tries (the state layer's) keyed by
/// <c>rlp(index)</c> holding each transaction's canonical encoding and each receipt's consensus encoding.
/// </summary>
public static class BlockRoots
{
    public static Hash256 TransactionsRoot(IReadOnlyList<SignedTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return Root(transactions.Count, i => transactions[i].Encoded.ToArray());
    }

    public static Hash256 ReceiptsRoot(IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        return Root(receipts.Count, i => ReceiptEncoding.Encode(receipts[i]));
    }

    private static Hash256 Root(int count, Func<int, byte[]> valueAt)
    {
        if (count == 0) return Hash256.EmptyTrieRoot;
        var trie = new PatriciaTrie();
        for (int i = 0; i < count; i++) trie.Set(new Encoding.RlpBuilder().UInt((ulong)i).ToItem(), valueAt(i));
        return trie.RootHash;
    }
}
