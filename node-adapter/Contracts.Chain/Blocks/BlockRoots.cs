using Contracts.Chain.Receipts;
using Contracts.Chain.Transactions;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using Contracts.State.Rlp;
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
        if (transactions.Count == 0) return Hash256.EmptyTrieRoot;
        var trie = new PatriciaTrie();
        Span<byte> key = stackalloc byte[MaxKeyLength];
        for (int i = 0; i < transactions.Count; i++) trie.Set(Key(i, key), transactions[i].Encoded.Span);
        return trie.RootHash;
    }

    public static Hash256 ReceiptsRoot(IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0) return Hash256.EmptyTrieRoot;
        var trie = new PatriciaTrie();
        Span<byte> key = stackalloc byte[MaxKeyLength];
        // Each encoding is a fresh array nobody else holds: the trie keeps it rather than a copy.
        for (int i = 0; i < receipts.Count; i++) trie.SetOwned(Key(i, key).ToArray(), ReceiptEncoding.Encode(receipts[i]));
        return trie.RootHash;
    }

    // rlp(index) of an int: at most a one-byte header and four bytes.
    private const int MaxKeyLength = 5;

    /// <summary>The trie key of item <paramref name="index"/>, rlp(index), written into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> Key(int index, Span<byte> buffer)
    {
        var writer = new RlpWriter(buffer);
        writer.WriteUInt64((ulong)index);
        return buffer[..writer.Position];
    }
}
