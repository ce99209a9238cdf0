using Contracts.Devnet.Chain;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Tests;

/// <summary>The in-memory window of sealed blocks the receipt path reads without the node's lock.</summary>
public sealed class RecentBlocksTests
{
    [Fact]
    public void A_sealed_block_its_transactions_and_receipts_are_found_by_number_and_hash()
    {
        var recent = new RecentBlocks(capacity: 4);
        var (block, receipts) = Block(7, transactions: 3);
        recent.Add(block, receipts);

        Assert.Same(block, recent.BlockByNumber(7));
        Assert.Same(block, recent.BlockByHash(block.Hash));
        Assert.Same(receipts, recent.ReceiptsOf(7));
        var second = recent.TransactionByHash(block.Transactions[1].Hash);
        Assert.NotNull(second);
        Assert.Equal((block.Hash, 7UL, 1, block.BaseFee), (second.BlockHash, second.BlockNumber, second.Index, second.BaseFee));
        Assert.Same(block.Transactions[1], second.Signed);
        Assert.Null(recent.BlockByNumber(6));
        Assert.Null(recent.TransactionByHash(Keccak256.Compute([1, 2, 3])));
    }

    [Fact]
    public void Only_the_newest_blocks_up_to_the_capacity_are_kept()
    {
        var recent = new RecentBlocks(capacity: 3);
        var blocks = Enumerable.Range(1, 5).Select(n => Block((ulong)n, transactions: 2)).ToList();
        foreach (var (block, receipts) in blocks) recent.Add(block, receipts);

        Assert.Null(recent.BlockByNumber(1));
        Assert.Null(recent.BlockByNumber(2));
        Assert.Null(recent.BlockByHash(blocks[1].Block.Hash));
        Assert.Null(recent.TransactionByHash(blocks[0].Block.Transactions[0].Hash));
        Assert.Null(recent.ReceiptsOf(2));
        for (ulong n = 3; n <= 5; n++) Assert.NotNull(recent.BlockByNumber(n));
        Assert.NotNull(recent.TransactionByHash(blocks[4].Block.Transactions[1].Hash));
    }

    [Fact]
    public void A_rewind_forgets_the_later_blocks_and_their_transactions_and_new_blocks_take_their_numbers()
    {
        var recent = new RecentBlocks(capacity: 8);
        var blocks = Enumerable.Range(1, 4).Select(n => Block((ulong)n, transactions: 1)).ToList();
        foreach (var (block, receipts) in blocks) recent.Add(block, receipts);

        recent.ForgetAbove(2);
        Assert.NotNull(recent.BlockByNumber(2));
        Assert.Null(recent.BlockByNumber(3));
        Assert.Null(recent.TransactionByHash(blocks[3].Block.Transactions[0].Hash));

        var (replacement, replacementReceipts) = Block(3, transactions: 1, salt: 99);
        recent.Add(replacement, replacementReceipts);
        Assert.Same(replacement, recent.BlockByNumber(3));
        Assert.Null(recent.BlockByHash(blocks[2].Block.Hash));
        Assert.Equal(3UL, recent.TransactionByHash(replacement.Transactions[0].Hash)!.BlockNumber);
    }

    private static (DevnetBlock Block, IReadOnlyList<Receipt> Receipts) Block(ulong number, int transactions, byte salt = 0)
    {
        var signed = Enumerable.Range(0, transactions).Select(i => new SignedTransaction(
            new Transaction { Type = TransactionType.DynamicFee, Nonce = (ulong)i, GasLimit = 21_000, Sender = Address.Zero, Hash = Keccak256.Compute([salt, (byte)number, (byte)i]) },
            0, 1, 1, new byte[] { (byte)i })).ToList();
        var block = FakeChain.NewBlock(number, Hash256.Zero, number, signed, 21_000UL * (ulong)transactions, hash: Keccak256.Compute([salt, (byte)number, 0xbb]));
        var receipts = signed.Select((t, i) => new Receipt
        {
            Type = TransactionType.DynamicFee, Succeeded = true, CumulativeGasUsed = 21_000UL * (ulong)(i + 1), Bloom = new LogsBloom(), Logs = [],
            TransactionHash = t.Hash, TransactionIndex = i, From = Address.Zero, GasUsed = 21_000, EffectiveGasPrice = block.BaseFee,
        }).ToList();
        return (block, receipts);
    }
}
