using Contracts.Devnet.Chain;
using Contracts.Devnet.Rpc;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Node;

/// <summary>
/// The node: one chain, its transaction pool and its block producer. Writes (admitting a transaction, sealing a
/// block) hold the write lock; RPC reads hold the read lock, so a read never sees a block half-committed. Automine
/// runs a producer task that seals while transactions are ready, so concurrent senders share blocks and a backlog
/// drains at the chain's speed; <see cref="DevnetOptions.BlockTime"/> seals on a timer instead.
/// </summary>
public sealed class DevnetNode : IAsyncDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    private readonly TransactionPool _pool = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<Arrival> _arrivals = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _producer;
    private readonly List<(ulong Block, ulong TimeOffset)> _snapshots = [];
    private ulong _timeOffset;
    private ulong? _nextTimestamp;
    private DevnetBlock? _headStateBlock;
    private IDevnetState? _headState;

    public DevnetNode(IDevnetChain chain, DevnetOptions options)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        Chain = chain;
        Options = options;
        _producer = options.BlockTime is { } interval
            ? Task.Run(() => MineOnTimerAsync(interval))
            : options.Automine ? Task.Run(AutomineAsync) : Task.CompletedTask;
    }

    public IDevnetChain Chain { get; }

    public DevnetOptions Options { get; }

    /// <summary>Raised after each sealed block (outside the lock), for filters and subscriptions.</summary>
    public event Action<SealedBlock>? BlockSealed;

    /// <summary>Raised when the automine producer could not seal a block (the node keeps serving).</summary>
    public event Action<Exception>? ProductionFailed;

    public int PendingCount => Write(() => _pool.Count);

    /// <summary>Runs <paramref name="read"/> under the read lock.</summary>
    public T Read<T>(Func<IDevnetChain, T> read)
    {
        _lock.EnterReadLock();
        try { return read(Chain); }
        finally { _lock.ExitReadLock(); }
    }

    private T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try { return write(); }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>The nonce the sender's next transaction should carry, pending ones counted.</summary>
    public ulong PendingNonce(Address sender) => Write(() => _pool.NextNonce(sender, HeadStateLocked().GetNonce(sender)));

    /// <summary>
    /// The head's state for the pool's checks, under the write lock: one view per head block rather than one per
    /// admission or seal (each view of the chain's store comes with buffers of its own; a busy automine admits
    /// several transactions per block).
    /// </summary>
    private IDevnetState HeadStateLocked()
    {
        var head = Chain.Head;
        if (!ReferenceEquals(head, _headStateBlock) || _headState is null)
        {
            _headState = Chain.StateAt(head.Number);
            _headStateBlock = head;
        }
        return _headState;
    }

    /// <summary>A transaction waiting in the pool.</summary>
    public SignedTransaction? FindPending(Hash256 hash) => Write(() => _pool.Find(hash)?.Transaction);

    /// <summary>
    /// Admits a signed transaction (geth's pool checks: chain id, nonce too low, funds, gas limit, duplicates).
    /// When automining and the transaction is next in its sender's line, waits until it is sealed (or refused by the
    /// block, with the reason as the error), as anvil answers only after mining.
    /// </summary>
    public async Task<Hash256> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (Options.BlockTime is not null || !Options.Automine)
        {
            Write(() => AdmitLocked(transaction));
            return transaction.Hash;
        }
        // Automine: admitted at once when the node is idle; while a block is being sealed, queued for the producer,
        // which admits every waiting arrival under one hold of the lock before it seals the next block (an RPC thread
        // never waits for the lock behind a seal, and the arrivals of a busy moment share the next block).
        var arrival = new Arrival(transaction);
        _arrivals.Enqueue(arrival);
        if (_lock.TryEnterWriteLock(0))
        {
            try { AdmitArrivalsLocked(); }
            finally { _lock.ExitWriteLock(); }
        }
        _work.Release();
        var (entry, ready) = await arrival.Admitted.Task;
        if (ready)
        {
            // WaitAsync drops its timer as soon as the block includes the transaction (a Task.Delay would keep one
            // timer per answered transaction alive for the whole wait). Past the wait, or when the client goes away,
            // the hash is answered and the receipt follows with the block.
            try { await entry.Included.Task.WaitAsync(Options.InclusionWait, cancellation); }
            catch (TimeoutException) { }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
        }
        return transaction.Hash;
    }

    private (PendingTransaction Entry, bool Ready) AdmitLocked(SignedTransaction transaction)
    {
        var tx = transaction.Transaction;
        if (tx.ChainId is { } id && id != Chain.ChainId)
            throw RpcException.Server($"invalid chain id for signer: have {id} want {Chain.ChainId}");
        if (tx.GasLimit > Chain.BlockGasLimit) throw RpcException.Server("exceeds block gas limit");
        var head = HeadStateLocked();
        ulong stateNonce = head.GetNonce(tx.Sender);
        var cost = tx.FeeCap.ToBigInteger() * tx.GasLimit + tx.Value.ToBigInteger();
        var balance = head.GetBalance(tx.Sender);
        if (balance.ToBigInteger() < cost)
            throw RpcException.Server($"insufficient funds for gas * price + value: address {tx.Sender} have {balance} want {cost}");
        bool next = _pool.NextNonce(tx.Sender, stateNonce) == tx.Nonce;
        return (_pool.Add(transaction, stateNonce), next);
    }

    /// <summary>Admits the queued arrivals in the order they came, each answered with its entry or its refusal.</summary>
    private void AdmitArrivalsLocked()
    {
        while (_arrivals.TryDequeue(out var arrival))
        {
            try
            {
                arrival.Admitted.TrySetResult(AdmitLocked(arrival.Transaction));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                arrival.Admitted.TrySetException(e);
            }
        }
    }

    /// <summary>A transaction sent while automining, waiting to be admitted to the pool.</summary>
    private sealed class Arrival(SignedTransaction transaction)
    {
        public SignedTransaction Transaction { get; } = transaction;

        public TaskCompletionSource<(PendingTransaction Entry, bool Ready)> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Seals one block now with the ready transactions (evm_mine), at <paramref name="timestamp"/> if given.</summary>
    public SealedBlock Mine(ulong? timestamp = null)
    {
        SealedBlock sealedBlock = Write(() =>
        {
            if (timestamp is { } at) _nextTimestamp = at;
            AdmitArrivalsLocked();
            return SealLocked();
        });
        BlockSealed?.Invoke(sealedBlock);
        return sealedBlock;
    }

    /// <summary>Moves the clock of future blocks forward (evm_increaseTime); returns the total offset.</summary>
    public ulong IncreaseTime(ulong seconds) => Write(() => _timeOffset += seconds);

    /// <summary>Fixes the next block's timestamp (evm_setNextBlockTimestamp).</summary>
    public void SetNextTimestamp(ulong timestamp) => Write(() => _nextTimestamp = timestamp);

    /// <summary>
    /// Changes the head state as a development helper asks (anvil_setBalance and kin) in an empty block of its own,
    /// labelled in its extra data, so that every state the node serves is a block's.
    /// </summary>
    public DevnetBlock EditState(Action<IDevnetStateEditor> edit, string label)
    {
        var block = Write(() => Chain.SealStateEdit(edit, NextTimestampLocked(), label));
        BlockSealed?.Invoke(new SealedBlock(block, [], []));
        if (Options.BlockTime is null && Options.Automine) _work.Release();
        return block;
    }

    /// <summary>Remembers the head and the clock (evm_snapshot); returns the snapshot's id.</summary>
    public ulong Snapshot() => Write(() =>
    {
        _snapshots.Add((Chain.Head.Number, _timeOffset));
        return (ulong)_snapshots.Count - 1;
    });

    /// <summary>
    /// Goes back to snapshot <paramref name="id"/> (evm_revert): the head and the clock as they were, the blocks since
    /// forgotten, the pool emptied (its transactions fail with "dropped by evm_revert"). The snapshot and the later
    /// ones are used up, as in anvil and hardhat. False for an unknown id.
    /// </summary>
    public bool Revert(ulong id) => Write(() =>
    {
        if (id >= (ulong)_snapshots.Count) return false;
        var (block, timeOffset) = _snapshots[(int)id];
        _snapshots.RemoveRange((int)id, _snapshots.Count - (int)id);
        foreach (var entry in _pool.All()) _pool.Remove(entry, "dropped by evm_revert");
        Chain.RewindTo(block);
        _timeOffset = timeOffset;
        _nextTimestamp = null;
        return true;
    });

    private ulong NextTimestampLocked()
    {
        ulong timestamp = _nextTimestamp ?? Math.Max(Chain.Head.Timestamp + 1, Options.Clock() + _timeOffset);
        _nextTimestamp = null;
        return timestamp;
    }

    private SealedBlock SealLocked()
    {
        var state = HeadStateLocked();
        var ready = _pool.TakeReady(state.GetNonce, Chain.BlockGasLimit);
        ulong timestamp = NextTimestampLocked();
        SealedBlock sealedBlock;
        try
        {
            sealedBlock = Chain.SealBlock([.. ready.Select(p => p.Transaction)], timestamp);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The chain committed nothing; the transactions that were in the attempt are refused rather than retried forever.
            foreach (var entry in ready) _pool.Remove(entry, $"block production failed: {e.Message}");
            throw;
        }
        var byHash = ready.ToDictionary(p => p.Transaction.Hash);
        foreach (var included in sealedBlock.Block.Transactions)
            if (byHash.Remove(included.Hash, out var entry)) _pool.Remove(entry, reason: null);
        foreach (var rejected in sealedBlock.Rejected)
        {
            // A later nonce of a sender whose earlier transaction was refused waits for the gap to be filled, as in geth.
            if (rejected.Reason.StartsWith("nonce too high", StringComparison.Ordinal) || rejected.Reason == "gas limit reached") continue;
            if (byHash.Remove(rejected.Transaction.Hash, out var entry)) _pool.Remove(entry, rejected.Reason);
        }
        return sealedBlock;
    }

    /// <summary>Admits the waiting arrivals, then seals a block if some transaction is ready; null when none is.</summary>
    private SealedBlock? AdmitAndSealLocked()
    {
        AdmitArrivalsLocked();
        if (_pool.Count == 0) return null;
        var state = HeadStateLocked();
        return _pool.HasReady(state.GetNonce) ? SealLocked() : null;
    }

    private async Task AutomineAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await _work.WaitAsync(token);
                while (_work.CurrentCount > 0) _work.Wait(0);
                while (!token.IsCancellationRequested)
                {
                    SealedBlock? sealedBlock;
                    try
                    {
                        sealedBlock = Write(AdmitAndSealLocked);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        ProductionFailed?.Invoke(e);
                        break;
                    }
                    if (sealedBlock is null) break;
                    BlockSealed?.Invoke(sealedBlock);
                    if (sealedBlock.Block.Transactions.Count == 0) break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task MineOnTimerAsync(TimeSpan interval)
    {
        var token = _stopping.Token;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(token)) Mine();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try { await _producer; }
        catch (OperationCanceledException) { }
        Write(() =>
        {
            while (_arrivals.TryDequeue(out var arrival)) arrival.Admitted.TrySetException(RpcException.Server("the node stopped"));
            foreach (var entry in _pool.All()) _pool.Remove(entry, "the node stopped");
            Chain.Dispose();
            return 0;
        });
        _stopping.Dispose();
        _work.Dispose();
    }
}
