using Contracts.Chain.Blocks;
using Contracts.Chain.Transactions;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

public class BlockchainTests
{
    [Fact]
    public void A_new_chain_starts_at_the_spec_genesis_with_its_allocation()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        Assert.Equal(0ul, chain.Head.Number);
        Assert.Equal(chain.Genesis.Hash, chain.Head.Hash);
        Assert.Equal(chain.Genesis.Hash, chain.GetBlockByNumber(0)!.Hash);
        Assert.Equal(TestChain.Spec.Genesis.BaseFeePerGas, chain.Genesis.BaseFeePerGas);
        var state = chain.StateAt(0)!;
        Assert.Equal(TestChain.Spec.Genesis.Alloc.First(a => a.Key == TestChain.Accounts[0]).Value.Balance, state.GetBalance(TestChain.Accounts[0]));
    }

    [Fact]
    public void Transfers_are_built_committed_and_readable_by_hash_and_number()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var recipient = TestChain.Recipient(1);
        var transactions = new[]
        {
            TestChain.Transfer(0, recipient, 1000, 0),
            TestChain.Transfer(0, recipient, 2000, 1, type: TransactionType.Legacy),
            TestChain.Transfer(1, recipient, 3000, 0),
        };
        var result = TestChain.Produce(chain, transactions);

        Assert.Equal(1ul, chain.Head.Number);
        Assert.Equal(result.Header.Hash, chain.Head.Hash);
        Assert.Equal(3 * 21_000ul, chain.Head.GasUsed);
        Assert.Empty(result.Rejected);
        Assert.Equal((UInt256)6000, chain.StateAt(chain.Head).GetBalance(recipient));

        var block = chain.GetBlockByNumber(1)!;
        Assert.Equal(result.Block, block);
        Assert.Equal(block, chain.GetBlockByHash(block.Hash));
        Assert.Equal(BlockRoots.TransactionsRoot(transactions), block.Header.TransactionsRoot);

        var located = chain.GetTransaction(transactions[1].Hash)!;
        Assert.Equal((1ul, 1, TestChain.Accounts[0], block.Hash), (located.BlockNumber, located.Index, located.Sender, located.BlockHash));
        var receipt = chain.GetReceipt(transactions[2].Hash)!;
        Assert.Equal(result.Receipts[2], receipt.Receipt);
        Assert.Equal(63_000ul, receipt.Receipt.CumulativeGasUsed);
        Assert.Null(chain.GetTransaction(Hash256.FromHex("0x" + new string('7', 64))));
        Assert.Equal(3, chain.GetDiffs(block.Hash).Count);
    }

    [Fact]
    public void BuildBlock_leaves_out_invalid_transactions_with_geths_reasons()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var recipient = TestChain.Recipient(2);
        var pool = new[]
        {
            TestChain.Transfer(0, recipient, 1, 0),
            TestChain.Transfer(0, recipient, 1, 0),                      // replayed nonce
            TestChain.Transfer(1, recipient, UInt256.MaxValue / 2, 0),   // more than it has
            TestChain.Transfer(1, recipient, 1, 0, gas: 20_000),         // below intrinsic gas
            TestChain.Transfer(1, recipient, 1, 0, gas: 40_000_000),     // above the block gas limit
            TransactionSigner.Sign(TestChain.Unsigned(recipient, 1, 0, 21_000, [], TransactionType.DynamicFee) with { ChainId = 5 }, TestChain.Keys[1]),
            TransactionSigner.Sign(TestChain.Unsigned(recipient, 1, 0, 21_000, [], TransactionType.DynamicFee) with { MaxFeePerGas = 1, MaxPriorityFeePerGas = 1 }, TestChain.Keys[1]),
        };
        var result = TestChain.Produce(chain, pool);
        Assert.Single(result.Transactions);
        var reasons = result.Rejected.Select(r => r.Reason).ToArray();
        Assert.StartsWith("nonce too low", reasons[0]);
        Assert.StartsWith("insufficient funds for gas * price + value", reasons[1]);
        Assert.StartsWith("intrinsic gas too low", reasons[2]);
        Assert.Equal("gas limit reached", reasons[3]);
        Assert.StartsWith("invalid chain id for signer", reasons[4]);
        Assert.StartsWith("max fee per gas less than block base fee", reasons[5]);
    }

    [Fact]
    public void ExecuteBlock_refuses_a_block_with_an_invalid_transaction_naming_it()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var parent = chain.Head;
        var context = chain.NextBlockContext(parent, 10, TestChain.Coinbase);
        var bad = TestChain.Transfer(0, TestChain.Recipient(1), 1, 5);
        var error = Assert.Throws<InvalidBlockException>(() => chain.ExecuteBlock(parent, context, [TestChain.Transfer(0, TestChain.Recipient(1), 1, 0), bad]));
        Assert.Contains($"could not apply tx 1 [{bad.Hash}]: nonce too high", error.Message);
        Assert.Throws<InvalidBlockException>(() => chain.ExecuteBlock(parent, context with { BaseFee = 7 }, []));
        Assert.Throws<InvalidBlockException>(() => chain.ExecuteBlock(parent, context with { Timestamp = parent.Timestamp }, []));
        Assert.Throws<InvalidBlockException>(() => chain.ExecuteBlock(parent, context with { Number = 5 }, []));
    }

    [Fact]
    public void Contract_deploy_call_logs_and_revert_receipts()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var deploy = TestChain.Send(0, null, TestChain.Contract("transfer"), 0);
        var deployed = TestChain.Produce(chain, [deploy]);
        var token = deployed.Receipts[0].ContractAddress!.Value;
        Assert.True(deployed.Receipts[0].Succeeded);

        var ok = TestChain.Send(0, token, TestChain.TransferInput(TestChain.Recipient(9), 5), 1);
        var tooMuch = TestChain.Send(1, token, TestChain.TransferInput(TestChain.Recipient(9), 5), 0);
        var result = TestChain.Produce(chain, [ok, tooMuch]);
        Assert.True(result.Receipts[0].Succeeded);
        Assert.Single(result.Receipts[0].Logs);
        Assert.False(result.Receipts[1].Succeeded);
        Assert.Equal(ExecutionFailure.Reverted, result.Receipts[1].Failure);
        Assert.Empty(result.Receipts[1].Logs);

        var logs = chain.GetLogs(new LogFilter { FromBlock = 0, ToBlock = 10, Addresses = [token] });
        Assert.Single(logs);
        Assert.Equal((2ul, ok.Hash, 0, 0), (logs[0].BlockNumber, logs[0].TransactionHash, logs[0].TransactionIndex, logs[0].LogIndex));
        Assert.Empty(chain.GetLogs(new LogFilter { FromBlock = 0, ToBlock = 10, Addresses = [TestChain.Recipient(3)] }));
        Assert.True(chain.Head.Bloom.MayContain(token.ToArray()));
    }

    [Fact]
    public void ExecuteBlock_is_deterministic_across_runs_and_thread_counts()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var (transactions, parent, context) = MixedBlock(chain, 60);
        BlockResult Run(int threads)
        {
            var fresh = transactions.Select(t => TransactionEncoding.Decode(t.Encoded.Span)).ToArray();
            SenderRecovery.RecoverAll(fresh, threads);
            return chain.ExecuteBlock(parent, context, fresh);
        }
        var first = Run(1);
        var second = Run(2);
        var third = Run(8);
        Assert.Equal(first.Header.Hash, second.Header.Hash);
        Assert.Equal(first.Header.Hash, third.Header.Hash);
        Assert.Equal(first.Receipts, third.Receipts);
        Assert.Equal(first.Diffs.Select(d => d.Slots.Count), third.Diffs.Select(d => d.Slots.Count));
    }

    [Fact]
    public void Senders_recovered_ahead_give_the_same_block_and_a_bad_signature_is_still_refused()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var (transactions, parent, context) = MixedBlock(chain, 80);
        SignedTransaction[] Fresh() => transactions.Select(t => TransactionEncoding.Decode(t.Encoded.Span)).ToArray();

        var inCall = chain.ExecuteBlock(parent, context, Fresh());
        var list = Fresh();
        chain.RecoverSendersAhead(list);
        // The recovery runs on its own, before any execution asks for it.
        Assert.True(SpinWait.SpinUntil(() => list.All(t => t.CachedSender is not null), TimeSpan.FromSeconds(30)), "the senders were not recovered ahead");
        var ahead = chain.ExecuteBlock(parent, context, list);
        Assert.Equal(inCall.Header.Hash, ahead.Header.Hash);
        Assert.Equal(inCall.Senders, ahead.Senders);
        Assert.Equal(inCall.Receipts, ahead.Receipts);
        // The list is executed again (the pipeline was handed over once): the senders it remembered serve again.
        Assert.Equal(inCall.Header.Hash, chain.ExecuteBlock(parent, context, list).Header.Hash);

        // A high s (EIP-2) in the middle of the block: recovered ahead or not, the block is refused at that transaction.
        var bad = transactions[41];
        var malleated = TransactionEncoding.Decode(TransactionEncoding.Encode(bad.Unsigned, bad.Signature with { S = UInt256.MaxValue }));
        var withBad = Fresh();
        withBad[41] = malleated;
        chain.RecoverSendersAhead(withBad);
        Assert.Same(SignedTransaction.RecoveryFailed, SpinUntilRecovered(malleated));
        var error = Assert.Throws<InvalidBlockException>(() => chain.ExecuteBlock(parent, context, withBad));
        Assert.Contains($"could not apply tx 41 [{malleated.Hash}]: invalid sender", error.Message);
    }

    /// <summary>
    /// Deploys transfer.wat and returns a block of <paramref name="count"/> transactions for the head: token transfers
    /// from account 0 alternating with value transfers from account 1.
    /// </summary>
    private static (SignedTransaction[] Transactions, BlockHeader Parent, Contracts.Execution.Blocks.BlockContext Context) MixedBlock(Blockchain chain, int count)
    {
        var token = TestChain.Produce(chain, [TestChain.Send(0, null, TestChain.Contract("transfer"), 0)]).Receipts[0].ContractAddress!.Value;
        var transactions = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? TestChain.Send(0, token, TestChain.TransferInput(TestChain.Recipient(i), 1), 1 + (ulong)(i / 2))
            : TestChain.Transfer(1, TestChain.Recipient(i), 1, (ulong)(i / 2))).ToArray();
        var parent = chain.Head;
        return (transactions, parent, chain.NextBlockContext(parent, parent.Timestamp + 12, TestChain.Coinbase));
    }

    private static object? SpinUntilRecovered(SignedTransaction transaction)
    {
        SpinWait.SpinUntil(() => transaction.CachedSender is not null, TimeSpan.FromSeconds(30));
        return transaction.CachedSender;
    }

    [Fact]
    public void Import_on_a_second_node_gives_the_same_blocks_and_refuses_a_tampered_one()
    {
        using var producer = Blockchain.OpenInMemory(TestChain.Spec);
        using var follower = Blockchain.OpenInMemory(TestChain.Spec);
        for (int b = 0; b < 3; b++) TestChain.Produce(producer, [TestChain.Transfer(0, TestChain.Recipient(b), 10, (ulong)b), TestChain.Transfer(1, TestChain.Recipient(b), 10, (ulong)b)]);
        for (ulong n = 1; n <= 3; n++) follower.Import(producer.GetBlockByNumber(n)!);
        Assert.Equal(producer.Head.Hash, follower.Head.Hash);

        var next = TestChain.Produce(producer, [TestChain.Transfer(0, TestChain.Recipient(5), 10, 3)]).Block;
        var tampered = next with { Header = next.Header with { StateRoot = Hash256.FromHex("0x" + new string('1', 64)) } };
        var error = Assert.Throws<InvalidBlockException>(() => follower.Import(tampered));
        Assert.StartsWith("invalid merkle root", error.Message);
        var wrongGas = next with { Header = next.Header with { GasUsed = 1 } };
        Assert.StartsWith("invalid gas used", Assert.Throws<InvalidBlockException>(() => follower.Import(wrongGas)).Message);
        follower.Import(next);
        Assert.Equal(producer.Head.Hash, follower.Head.Hash);
    }

    [Fact]
    public void A_RocksDB_chain_reopens_at_its_head_and_refuses_another_genesis()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"chain-test-{Guid.NewGuid():N}");
        try
        {
            Hash256 head;
            using (var chain = Blockchain.Open(TestChain.Spec, directory))
            {
                TestChain.Produce(chain, [TestChain.Transfer(0, TestChain.Recipient(1), 10, 0)]);
                head = chain.Head.Hash;
            }
            using (var chain = Blockchain.Open(TestChain.Spec, directory))
            {
                Assert.Equal(head, chain.Head.Hash);
                Assert.Equal(1ul, chain.StateAt(chain.Head).GetNonce(TestChain.Accounts[0]));
            }
            Assert.Throws<ChainStoreException>(() => Blockchain.Open(Contracts.Execution.ChainSpecs.ChainSpec.Devnet(1337), directory).Dispose());
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Call_and_EstimateGas_run_at_any_block_without_changing_anything()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var token = TestChain.Produce(chain, [TestChain.Send(0, null, TestChain.Contract("transfer"), 0)]).Receipts[0].ContractAddress!.Value;
        var genesis = chain.Genesis;
        var call = new Transaction { Type = TransactionType.DynamicFee, Sender = TestChain.Accounts[0], To = token, Data = TestChain.TransferInput(TestChain.Recipient(1), 3) };
        var result = chain.Call(call);
        Assert.True(result.Succeeded);
        Assert.Single(result.Logs);
        ulong estimate = chain.EstimateGas(call);
        Assert.True(estimate >= result.GasUsed);
        // The estimate is enough, one less is not.
        Assert.True(chain.Call(call with { GasLimit = estimate }).Succeeded);
        Assert.False(chain.Call(call with { GasLimit = estimate - 1 }).Succeeded);
        // At genesis there is no contract: a call with input to an account without code.
        Assert.Equal(21_000ul, chain.EstimateGas(new Transaction { Sender = TestChain.Accounts[0], To = TestChain.Recipient(1), Value = 1 }, genesis));
        var broke = call with { Sender = TestChain.Accounts[2] , Data = TestChain.TransferInput(TestChain.Recipient(1), 3) };
        Assert.Throws<TransactionFailedException>(() => chain.EstimateGas(broke));
        Assert.Equal(1ul, chain.StateAt(chain.Head).GetNonce(TestChain.Accounts[0]));
    }

    [Fact]
    public void A_block_on_a_non_head_parent_is_stored_without_moving_the_head()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var genesis = chain.Head;
        TestChain.Produce(chain, [TestChain.Transfer(0, TestChain.Recipient(1), 1, 0)]);
        var head = chain.Head;
        var side = chain.BuildBlock(genesis, chain.NextBlockContext(genesis, 99, TestChain.Coinbase), [TestChain.Transfer(1, TestChain.Recipient(1), 1, 0)]);
        chain.Commit(side);
        Assert.Equal(head.Hash, chain.Head.Hash);
        Assert.Equal(side.Header.Hash, chain.GetBlockByHash(side.Header.Hash)!.Hash);
        Assert.Null(chain.GetTransaction(side.Transactions[0].Hash));
        Assert.Throws<InvalidOperationException>(() => chain.Commit(side));
    }
}
