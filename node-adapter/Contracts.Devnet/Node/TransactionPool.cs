using Contracts.Devnet.Chain;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Node;

/// <summary>
/// Pending transactions held per sender by nonce, as geth's pool holds them: a nonce gap waits until it is filled; a
/// nonce already pending is replaced only by a transaction paying at least 10% more. Bounded: at most
/// <see cref="Capacity"/> transactions in all. Every operation costs in proportion to the senders or to the
/// transactions it returns, never to the whole backlog, so 10,000 waiting transactions slow neither admission nor
/// block assembly. Not thread-safe: the node calls it under its lock.
/// </summary>
public sealed class TransactionPool(int capacity = 100_000)
{
    private readonly Dictionary<Address, SenderQueue> _bySender = [];
    private readonly Dictionary<Hash256, PendingTransaction> _byHash = [];
    private long _arrivals;

    public int Capacity { get; } = capacity;

    public int Count => _byHash.Count;

    public bool Contains(Hash256 hash) => _byHash.ContainsKey(hash);

    public PendingTransaction? Find(Hash256 hash) => _byHash.GetValueOrDefault(hash);

    /// <summary>
    /// Adds <paramref name="transaction"/>, given the sender's nonce in the head state. Returns the pending entry, or
    /// throws an <see cref="Rpc.RpcException"/> with geth's reason.
    /// </summary>
    public PendingTransaction Add(SignedTransaction transaction, ulong stateNonce)
    {
        if (_byHash.ContainsKey(transaction.Hash)) throw Rpc.RpcException.Server("already known");
        if (transaction.Nonce < stateNonce)
            throw Rpc.RpcException.Server($"nonce too low: address {transaction.Sender}, tx: {transaction.Nonce} state: {stateNonce}");
        if (!_bySender.TryGetValue(transaction.Sender, out var queue)) _bySender[transaction.Sender] = queue = new SenderQueue();
        if (queue.ByNonce.TryGetValue(transaction.Nonce, out var existing))
        {
            var old = existing.Transaction.Transaction;
            var fresh = transaction.Transaction;
            if (fresh.FeeCap < old.FeeCap + old.FeeCap / 10 || fresh.TipCap < old.TipCap + old.TipCap / 10)
                throw Rpc.RpcException.Server("replacement transaction underpriced");
            Remove(existing, "replaced by a transaction paying more");
            _bySender[transaction.Sender] = queue; // Remove drops a queue it empties
        }
        else if (Count >= Capacity)
        {
            throw Rpc.RpcException.Server("txpool is full");
        }
        var entry = new PendingTransaction(transaction, _arrivals++);
        queue.ByNonce[transaction.Nonce] = entry;
        _byHash[transaction.Hash] = entry;
        return entry;
    }

    /// <summary>The nonce the sender's next transaction gets: the state nonce followed by the pending run without gaps.</summary>
    public ulong NextNonce(Address sender, ulong stateNonce) =>
        _bySender.TryGetValue(sender, out var queue) ? queue.RunEnd(stateNonce) : stateNonce;

    /// <summary>Whether some sender's transaction with the state nonce is waiting: the next block would not be empty.</summary>
    public bool HasReady(Func<Address, ulong> stateNonce)
    {
        foreach (var (sender, queue) in _bySender)
            if (queue.ByNonce.ContainsKey(stateNonce(sender))) return true;
        return false;
    }

    /// <summary>
    /// The transactions ready for the next block in the order they will run: for each sender, the run of nonces from
    /// its state nonce without gaps; senders in the order their first ready transaction arrived; at most
    /// <paramref name="gasBudget"/> of gas limits in all. Entries below the state nonce are dropped.
    /// </summary>
    public List<PendingTransaction> TakeReady(Func<Address, ulong> stateNonce, ulong gasBudget)
    {
        var runs = new List<List<PendingTransaction>>();
        List<Address>? emptied = null;
        foreach (var (sender, queue) in _bySender)
        {
            ulong nonce = stateNonce(sender);
            while (queue.ByNonce.Count > 0 && queue.ByNonce.First() is var lowest && lowest.Key < nonce)
                Remove(lowest.Value, $"nonce too low: state nonce is {nonce}", keepEmptyQueue: true);
            if (queue.ByNonce.Count == 0)
            {
                (emptied ??= []).Add(sender);
                continue;
            }
            // No run can fill more than the block, so a long run is cut where it would overflow it on its own.
            List<PendingTransaction>? run = null;
            ulong runGas = 0;
            while (runGas <= gasBudget && queue.ByNonce.TryGetValue(nonce, out var next))
            {
                (run ??= []).Add(next);
                runGas += next.Transaction.Transaction.GasLimit;
                nonce++;
            }
            if (run is not null) runs.Add(run);
        }
        if (emptied is not null)
            foreach (var sender in emptied) _bySender.Remove(sender);
        runs.Sort((a, b) => a[0].Arrival.CompareTo(b[0].Arrival));

        var ready = new List<PendingTransaction>();
        ulong gas = 0;
        foreach (var run in runs)
        {
            foreach (var entry in run)
            {
                ulong limit = entry.Transaction.Transaction.GasLimit;
                if (gas + limit > gasBudget) break;
                gas += limit;
                ready.Add(entry);
            }
        }
        return ready;
    }

    /// <summary>Removes an entry; a <paramref name="reason"/> fails its waiters with it, null completes them as included.</summary>
    public void Remove(PendingTransaction entry, string? reason) => Remove(entry, reason, keepEmptyQueue: false);

    private void Remove(PendingTransaction entry, string? reason, bool keepEmptyQueue)
    {
        if (!_byHash.Remove(entry.Transaction.Hash)) return;
        if (_bySender.TryGetValue(entry.Transaction.Sender, out var queue))
        {
            queue.Remove(entry.Transaction.Nonce);
            if (queue.ByNonce.Count == 0 && !keepEmptyQueue) _bySender.Remove(entry.Transaction.Sender);
        }
        if (reason is null) entry.Included.TrySetResult();
        else entry.Included.TrySetException(Rpc.RpcException.Server(reason));
    }

    /// <summary>Every pending transaction, in arrival order.</summary>
    public IReadOnlyList<PendingTransaction> All() => [.. _byHash.Values.OrderBy(p => p.Arrival)];

    /// <summary>
    /// One sender's transactions by nonce, and the run of consecutive nonces last found, [<c>_runStart</c>,
    /// <c>_runEnd</c>), so that asking for the next nonce after each admission does not walk the whole run again.
    /// </summary>
    private sealed class SenderQueue
    {
        private ulong _runStart;
        private ulong _runEnd;

        public SortedDictionary<ulong, PendingTransaction> ByNonce { get; } = [];

        /// <summary>The first nonce from <paramref name="stateNonce"/> on that is not pending.</summary>
        public ulong RunEnd(ulong stateNonce)
        {
            ulong next = stateNonce >= _runStart && stateNonce <= _runEnd ? _runEnd : stateNonce;
            while (ByNonce.ContainsKey(next)) next++;
            (_runStart, _runEnd) = (stateNonce, next);
            return next;
        }

        public void Remove(ulong nonce)
        {
            ByNonce.Remove(nonce);
            if (nonce < _runStart || nonce >= _runEnd) return;
            // The run now ends at the hole, unless the hole is its first nonce (mined: the run starts after it).
            if (nonce == _runStart) _runStart = nonce + 1;
            else _runEnd = nonce;
        }
    }
}

/// <summary>A transaction in the pool, and the signal its sender may wait on until it is in a block.</summary>
public sealed class PendingTransaction(SignedTransaction transaction, long arrival)
{
    public SignedTransaction Transaction { get; } = transaction;

    public long Arrival { get; } = arrival;

    public TaskCompletionSource Included { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
