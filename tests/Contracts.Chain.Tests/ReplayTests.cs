using Contracts.Chain.Replay;
using Contracts.Chain.Storage;
using Contracts.Chain.Transactions;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

public class ReplayTests
{
    /// <summary>
    /// A chain of six blocks: a token deploy, then token transfers (slots and logs), plain transfers of both
    /// transaction types and a reverting transfer (a failed receipt), so every recorded field has something in it.
    /// </summary>
    internal static Blockchain BuildChain(Blockchain chain, int blocks = 5, int transfersPerBlock = 4)
    {
        var token = TestChain.Produce(chain, [TestChain.Send(0, null, TestChain.Contract("transfer"), 0)]).Receipts[0].ContractAddress!.Value;
        ulong nonce0 = 1, nonce1 = 0;
        for (int b = 0; b < blocks; b++)
        {
            var transactions = new List<SignedTransaction>();
            for (int t = 0; t < transfersPerBlock; t++)
                transactions.Add(TestChain.Send(0, token, TestChain.TransferInput(TestChain.Recipient(b * 100 + t), (ulong)(t + 1)), nonce0++));
            transactions.Add(TestChain.Transfer(1, TestChain.Recipient(b), 1000, nonce1++, type: b % 2 == 0 ? TransactionType.Legacy : TransactionType.DynamicFee));
            transactions.Add(TestChain.Send(1, token, TestChain.TransferInput(TestChain.Recipient(7), 5), nonce1++)); // no tokens: reverts
            TestChain.Produce(chain, transactions);
        }
        return chain;
    }

    private static void RewriteOutcomes(Blockchain chain, ulong number, Action<StoredOutcomes> change)
    {
        var hash = chain.CanonicalHash(number)!.Value;
        var outcomes = chain.ReadOutcomes(hash)!;
        change(outcomes);
        Put(chain, ChainKeys.Outcomes(hash), StoredRecords.Serialize(outcomes));
    }

    private static void RewriteBlock(Blockchain chain, ulong number, Action<StoredBlock> change)
    {
        var hash = chain.CanonicalHash(number)!.Value;
        var block = chain.ReadStoredBlock(hash)!;
        change(block);
        Put(chain, ChainKeys.Block(hash), StoredRecords.Serialize(block));
    }

    private static void Put(Blockchain chain, byte[] key, byte[] value)
    {
        using var batch = chain.Store.BeginCommit();
        batch.Put(key, value);
        batch.Complete();
    }

    [Fact]
    public void A_built_chain_replays_clean_with_every_block_and_transaction_counted()
    {
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var report = new ChainReplayer(chain).Replay(0, chain.Head.Number);
        Assert.True(report.Clean, report.Divergence?.ToString());
        Assert.Equal(7, report.BlocksVerified);
        Assert.Equal(1 + 5 * 6, report.TransactionsVerified);
        Assert.True(report.BlocksPerSecond > 0);
    }

    [Fact]
    public void A_corrupted_stored_receipt_is_named_at_its_transaction_and_field()
    {
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var actual = chain.GetReceipt(chain.GetBlockByNumber(3)!.Transactions[2].Hash)!.Receipt.GasUsed;
        RewriteOutcomes(chain, 3, outcomes => outcomes.Receipts[2].GasUsed += 7);
        var divergence = new ChainReplayer(chain).Replay(0, chain.Head.Number).Divergence!;
        var block = chain.GetBlockByNumber(3)!;
        Assert.Equal((3ul, block.Hash, 2, block.Transactions[2].Hash), (divergence.BlockNumber, divergence.BlockHash, divergence.TransactionIndex, divergence.TransactionHash));
        Assert.Equal("gas used", divergence.Field);
        Assert.Equal(((actual + 7).ToString(), actual.ToString()), (divergence.Recorded, divergence.Replayed));

        using var other = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        RewriteOutcomes(other, 4, outcomes => outcomes.Receipts[1].Logs[0].Data[31] ^= 1);
        divergence = new ChainReplayer(other).Replay(1, other.Head.Number).Divergence!;
        Assert.Equal((4ul, 1, "log 0 data"), (divergence.BlockNumber, divergence.TransactionIndex, divergence.Field));

        using var third = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        RewriteOutcomes(third, 2, outcomes => outcomes.Receipts[5].Succeeded = true);
        divergence = new ChainReplayer(third).Replay(1, third.Head.Number).Divergence!;
        Assert.Equal((2ul, 5, "status", "1 (success)", "0 (failure)"), (divergence.BlockNumber, divergence.TransactionIndex, divergence.Field, divergence.Recorded, divergence.Replayed));
    }

    [Fact]
    public void A_changed_storage_slot_is_named_with_both_values()
    {
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var diffs = chain.GetDiffs(chain.CanonicalHash(5)!.Value);
        var slot = diffs[3].Slots[1];
        RewriteOutcomes(chain, 5, outcomes => outcomes.Diffs[3].Slots[1].Value = ((UInt256)123456).ToBigEndian());
        var divergence = new ChainReplayer(chain).Replay(0, chain.Head.Number).Divergence!;
        Assert.Equal((5ul, 3), (divergence.BlockNumber, divergence.TransactionIndex));
        Assert.Equal($"storage {slot.Address} slot {slot.Slot.ToHexQuantity()}", divergence.Field);
        Assert.Equal(((UInt256)123456).ToHexQuantity(), divergence.Recorded);
        Assert.Equal(slot.Value.ToHexQuantity(), divergence.Replayed);
        Assert.Contains("storage", divergence.ToString());
    }

    [Fact]
    public void A_stored_diff_keeps_the_accounts_whose_storage_was_cleared()
    {
        var contract = Address.FromHex("0x00000000000000000000000000000000000c0de1");
        var state = Contracts.State.World.WorldState.OpenHead(new Contracts.State.Storage.MemoryStateStore());
        state.SetSlot(contract, 1ul, 2ul);
        state.SetBalance(contract, 5ul);
        state.Commit();
        int checkpoint = state.Checkpoint();
        state.ClearStorage(contract);
        state.SetSlot(contract, 3ul, 4ul);
        var changes = state.ChangesSince(checkpoint);
        Assert.Equal([contract], changes.StorageCleared);

        var stored = StoredRecords.DeserializeOutcomes(StoredRecords.Serialize(new StoredOutcomes { Diffs = [StoredRecords.ToStored(changes)] }));
        var read = StoredRecords.FromStored(stored.Diffs[0]);
        Assert.Equal([contract], read.StorageCleared);
        Assert.Null(RecordComparison.Diff(changes, read));
        Assert.Equal(("storage of " + contract, "cleared", "not cleared"), RecordComparison.Diff(changes, read with { StorageCleared = [] }) is { } d ? (d.Field, d.Recorded, d.Replayed) : default);
    }

    [Fact]
    public void A_storage_clear_recorded_in_a_diff_but_not_replayed_is_named()
    {
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var token = chain.GetReceipts(chain.CanonicalHash(1)!.Value)[0].Receipt.ContractAddress!.Value;
        RewriteOutcomes(chain, 3, outcomes => outcomes.Diffs[2].StorageCleared = [token.ToArray()]);
        var divergence = new ChainReplayer(chain).Replay(0, chain.Head.Number).Divergence!;
        Assert.Equal((3ul, 2), (divergence.BlockNumber, divergence.TransactionIndex));
        Assert.Equal(($"storage of {token}", "cleared", "not cleared"), (divergence.Field, divergence.Recorded, divergence.Replayed));
    }

    [Fact]
    public void A_changed_account_in_a_diff_is_named_by_field()
    {
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        RewriteOutcomes(chain, 2, outcomes => outcomes.Diffs[4].Accounts[0].Nonce += 1);
        var divergence = new ChainReplayer(chain).Replay(0, chain.Head.Number).Divergence!;
        Assert.Equal((2ul, 4), (divergence.BlockNumber, divergence.TransactionIndex));
        Assert.EndsWith(" nonce", divergence.Field);
    }

    [Fact]
    public void A_changed_transaction_is_caught_at_its_index()
    {
        // The value changed after signing: the signature now recovers another sender.
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var original = chain.GetBlockByNumber(4)!.Transactions[4];
        var changed = TransactionEncoding.Encode(original.Unsigned with { Value = original.Value + 1 }, original.Signature);
        RewriteBlock(chain, 4, block => block.Transactions[4] = changed);
        var divergence = new ChainReplayer(chain).Replay(0, chain.Head.Number).Divergence!;
        Assert.Equal((4ul, 4, "sender"), (divergence.BlockNumber, divergence.TransactionIndex, divergence.Field));
        Assert.Equal(TestChain.Accounts[1].ToString(), divergence.Recorded);
        Assert.NotEqual(divergence.Recorded, divergence.Replayed);

        // Re-signed by its sender with another value: the sender matches but it is not the transaction recorded.
        using var other = BuildChain(Blockchain.OpenInMemory(TestChain.Spec));
        var resigned = TransactionSigner.Sign(original.Unsigned with { Value = original.Value + 1 }, TestChain.Keys[1]);
        RewriteBlock(other, 4, block => block.Transactions[4] = resigned.Encoded.ToArray());
        divergence = new ChainReplayer(other).Replay(0, other.Head.Number).Divergence!;
        Assert.Equal((4ul, 4, "transaction", resigned.Hash), (divergence.BlockNumber, divergence.TransactionIndex, divergence.Field, divergence.TransactionHash));
    }

    [Fact]
    public void The_lowest_divergence_is_reported_whatever_the_thread_count()
    {
        using var chain = BuildChain(Blockchain.OpenInMemory(TestChain.Spec), blocks: 8, transfersPerBlock: 2);
        RewriteOutcomes(chain, 7, outcomes => outcomes.Receipts[0].CumulativeGasUsed += 1);
        RewriteOutcomes(chain, 3, outcomes => outcomes.Receipts[1].Logs[0].Topics[0][31] ^= 1);
        foreach (int threads in new[] { 1, 2, 4 })
        {
            var report = new ChainReplayer(chain).Replay(0, chain.Head.Number, new ReplayOptions { MaxDegreeOfParallelism = threads });
            Assert.Equal((3ul, 1, "log 0 topic 0"), (report.Divergence!.BlockNumber, report.Divergence.TransactionIndex, report.Divergence.Field));
            Assert.Equal(3, report.BlocksVerified);
        }
    }

    [Fact]
    public void A_stored_chain_on_RocksDB_replays_clean_after_reopening()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"chain-replay-{Guid.NewGuid():N}");
        try
        {
            using (var chain = Blockchain.Open(TestChain.Spec, directory)) BuildChain(chain, blocks: 3);
            using (var chain = Blockchain.Open(TestChain.Spec, directory))
            {
                var progress = new List<ReplayProgress>();
                var report = new ChainReplayer(chain).Replay(0, chain.Head.Number, new ReplayOptions { Progress = new SynchronousProgress(progress.Add) });
                Assert.True(report.Clean, report.Divergence?.ToString());
                Assert.Equal(5, progress.Count);
                Assert.Equal(5, progress.Max(p => p.BlocksDone));
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
