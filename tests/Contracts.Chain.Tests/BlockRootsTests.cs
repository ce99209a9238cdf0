using Contracts.Chain.Blocks;
using Contracts.Chain.Encoding;
using Contracts.Chain.Receipts;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Trie;

namespace Contracts.Chain.Tests;

public class BlockRootsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(256)]
    [InlineData(300)]
    public void Roots_are_the_tries_keyed_by_rlp_of_each_index(int count)
    {
        // The keys are written in place (no builder per key): the roots must be those of the tries keyed by the
        // general RLP encoding of each index, across the one-byte (0x00-0x7f), 0x81-prefixed and two-byte indexes.
        var transactions = Enumerable.Range(0, count).Select(i => TestChain.Transfer(i % 3, TestChain.Recipient(i), (ulong)i + 1, (ulong)(i / 3))).ToArray();
        var receipts = transactions.Select((t, i) => new Receipt
        {
            Type = t.Type, Succeeded = i % 3 != 0, CumulativeGasUsed = 21_000ul * (ulong)(i + 1), Bloom = new LogsBloom(), Logs = [],
            TransactionHash = t.Hash, TransactionIndex = i, From = TestChain.Accounts[i % 3], GasUsed = 21_000, EffectiveGasPrice = UInt256.One,
        }).ToArray();
        Assert.Equal(Reference(count, i => transactions[i].Encoded.ToArray()), BlockRoots.TransactionsRoot(transactions));
        Assert.Equal(Reference(count, i => ReceiptEncoding.Encode(receipts[i])), BlockRoots.ReceiptsRoot(receipts));
    }

    [Fact]
    public void An_empty_block_has_the_empty_trie_roots()
    {
        Assert.Equal(Hash256.EmptyTrieRoot, BlockRoots.TransactionsRoot([]));
        Assert.Equal(Hash256.EmptyTrieRoot, BlockRoots.ReceiptsRoot([]));
    }

    private static Hash256 Reference(int count, Func<int, byte[]> valueAt)
    {
        var trie = new PatriciaTrie();
        for (int i = 0; i < count; i++) trie.Set(new RlpBuilder().UInt((ulong)i).ToItem(), valueAt(i));
        return trie.RootHash;
    }
}
