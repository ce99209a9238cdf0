using Contracts.Chain.CrashChild;
using Contracts.Chain.Replay;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Storage;

namespace Contracts.Chain.Tests;

/// <summary>
/// A chain on a RocksDB store that writes behind: a committed block is readable at once (head, blocks, receipts,
/// calls, the next block's execution) while its write waits, blocks reach the disk in order once flushed, and a
/// failed write is reported by the next commit or flush with the head back at the last block on disk. The store's
/// writer is held back or made to fail through its <c>BeforeWrite</c> hook, so nothing here depends on timing.
/// </summary>
public sealed class PipelinedCommitTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"contracts-chain-pipelined-{Guid.NewGuid():N}");
    // A failing assertion before the writes are let through must not leave the store's close waiting forever.
    private static readonly TimeSpan HoldLimit = TimeSpan.FromMinutes(2);

    private readonly ManualResetEventSlim _writes = new(initialState: false);

    public void Dispose()
    {
        _writes.Set();
        _writes.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private Blockchain Open(Action<long> beforeWrite)
    {
        var store = RocksDbStateStore.Open(_directory, new RocksDbStateStoreOptions { WriteBehind = true, MaxPendingCommits = 8 });
        store.BeforeWrite = beforeWrite;
        return Blockchain.Open(ChainCrashWorkload.Spec, store, ownsStore: true);
    }

    [Fact]
    public void Committed_blocks_are_readable_and_built_on_before_their_write_and_on_disk_in_order_after_a_flush()
    {
        var blocks = new List<BlockResult>();
        var written = new List<long>();
        using (var chain = Open(sequence =>
        {
            _writes.Wait(HoldLimit);
            lock (written) written.Add(sequence);
        }))
        {
            // The genesis commit waits too: nothing reaches the disk until the writes are let through.
            for (int i = 0; i < 3; i++) blocks.Add(ChainCrashWorkload.CommitNext(chain));
            var durable = chain.WhenDurable();
            Assert.False(durable.IsCompleted);
            Assert.Empty(written);

            var head = chain.Head;
            Assert.Equal(3ul, head.Number);
            Assert.Equal(blocks[^1].Header.Hash, head.Hash);
            foreach (var result in blocks)
            {
                Assert.Equal(result.Header.Hash, chain.CanonicalHash(result.Header.Number));
                var transaction = result.Block.Transactions[^1];
                Assert.Equal(result.Header.Number, chain.GetTransaction(transaction.Hash)!.BlockNumber);
                Assert.True(chain.GetReceipt(transaction.Hash)!.Receipt.Succeeded);
                Assert.Equal(result.Receipts.Count, chain.GetReceipts(result.Header.Hash).Count);
            }

            // Reads and calls at the head see its state; the next block executes on it and replays clean.
            var recipient = ChainCrashWorkload.Recipient(3, ChainCrashWorkload.TransfersPerBlock - 1);
            Assert.Equal((UInt256)(3ul * 1000 + ChainCrashWorkload.TransfersPerBlock), chain.StateAt(head).GetBalance(recipient));
            var call = chain.Call(new Transaction { Sender = ChainCrashWorkload.Senders[0], To = recipient, Value = 1, GasLimit = 21_000 });
            Assert.True(call.Succeeded);
            blocks.Add(ChainCrashWorkload.CommitNext(chain));
            Assert.Null(new ChainReplayer(chain).VerifyBlock(4));

            _writes.Set();
            chain.Flush();
            Assert.True(durable.IsCompletedSuccessfully);
            Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), written);
        }

        using var reopened = Blockchain.Open(ChainCrashWorkload.Spec, _directory);
        Assert.Equal(blocks[^1].Header.Hash, reopened.Head.Hash);
        foreach (var result in blocks) Assert.Equal(result.Header.Hash, reopened.CanonicalHash(result.Header.Number));
    }

    [Fact]
    public void A_failed_block_write_is_reported_by_the_next_commit_and_flush_and_the_head_goes_back_to_the_last_block_on_disk()
    {
        var blocks = new List<BlockResult>();
        using (var chain = Open(sequence =>
        {
            _writes.Wait(HoldLimit);
            // Write 1 is the genesis; write 4 is block 3. Stands in for RocksDB refusing a write (disk full, I/O error).
            if (sequence == 4) throw new StateStoreException(StateStoreErrorKind.Io, "injected: no space left on device");
        }))
        {
            for (int i = 0; i < 4; i++) blocks.Add(ChainCrashWorkload.CommitNext(chain));
            Assert.Equal(4ul, chain.Head.Number);
            var durable = chain.WhenDurable();
            _writes.Set();

            var failure = Assert.Throws<StateStoreException>(chain.Flush);
            Assert.Equal(StateStoreErrorKind.WriteFailed, failure.Kind);
            Assert.Contains("no space left on device", failure.Message, StringComparison.Ordinal);
            Assert.True(durable.IsFaulted);

            // Blocks 3 and 4 were never written: no reader sees them, and the chain takes no more blocks.
            Assert.Equal(blocks[1].Header.Hash, chain.Head.Hash);
            Assert.Null(chain.CanonicalHash(3));
            Assert.Null(chain.GetBlockByHash(blocks[2].Header.Hash));
            Assert.Null(chain.GetReceipt(blocks[2].Block.Transactions[0].Hash));
            Assert.Equal(blocks[1].Header.StateRoot, chain.StateAt(chain.Head).Root);
            var next = Assert.Throws<StateStoreException>(() => ChainCrashWorkload.CommitNext(chain));
            Assert.Equal(StateStoreErrorKind.WriteFailed, next.Kind);
            Assert.Equal(2ul, chain.Head.Number);
        }

        using var reopened = Blockchain.Open(ChainCrashWorkload.Spec, _directory);
        Assert.Equal(blocks[1].Header.Hash, reopened.Head.Hash);
        Assert.Null(reopened.CanonicalHash(3));
        Assert.Null(new ChainReplayer(reopened).VerifyBlock(2));
    }
}
