using Contracts.Devnet.Chain;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Node;

/// <summary>
/// Pending transactions held per sender by nonce, as geth's pool holds them: a nonce gap waits until it is filled; a
/// nonce already pending is replaced only by a transaction paying at least 10% more. Bounded: at most
/// <see cref="Capacity"/> transactions in all. Not thread-safe: the node calls it under its lock.
/// </summary>
public sealed class TransactionPool(int capacity = 100_000)
{
    private readonly Dictionary<Address, SortedDictionary<ulong, PendingTransaction>> _bySender = [];
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
        if (!_bySender.TryGetValue(transaction.Sender, out var queue)) _bySender[transaction.Sender] = queue = [];
        if (queue.TryGetValue(transaction.Nonce, out var existing))
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
        queue[transaction.Nonce] = entry;
        _byHash[transaction.Hash] = entry;
        return entry;
    }

    /// <summary>The nonce the sender's next transaction gets: the state nonce followed by the pending run without gaps.</summary>
    public ulong NextNonce(Address sender, ulong stateNonce)
    {
        if (!_bySender.TryGetValue(sender, out var queue)) return stateNonce;
        ulong next = stateNonce;
        while (queue.ContainsKey(next)) next++;
        return next;
    }

    /// <summary>
    /// The transactions ready for the next block in the order they will run: for each sender, the run of nonces from
    /// its state nonce without gaps; senders in the order their first ready transaction arrived; at most
    /// <paramref name="gasBudget"/> of gas limits in all. Entries below the state nonce are dropped.
    /// </summary>
    public List<PendingTransaction> TakeReady(Func<Address, ulong> stateNonce, ulong gasBudget)
    {
        var runs = new List<List<PendingTransaction>>();
        foreach (var (sender, queue) in _bySender)
        {
            ulong nonce = stateNonce(sender);
            foreach (var stale in queue.Values.TakeWhile(p => p.Transaction.Nonce < nonce).ToList()) Remove(stale, $"nonce too low: state nonce is {nonce}");
            List<PendingTransaction>? run = null;
            while (queue.TryGetValue(nonce, out var next))
            {
                (run ??= []).Add(next);
                nonce++;
            }
            if (run is not null) runs.Add(run);
        }
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
        _bySender.Where(pair => pair.Value.Count == 0).Select(pair => pair.Key).ToList().ForEach(key => _bySender.Remove(key));
        return ready;
    }

    /// <summary>Removes an entry; a <paramref name="reason"/> fails its waiters with it, null completes them as included.</summary>
    public void Remove(PendingTransaction entry, string? reason)
    {
        if (!_byHash.Remove(entry.Transaction.Hash)) return;
        if (_bySender.TryGetValue(entry.Transaction.Sender, out var queue))
        {
            queue.Remove(entry.Transaction.Nonce);
            if (queue.Count == 0) _bySender.Remove(entry.Transaction.Sender);
        }
        if (reason is null) entry.Included.TrySetResult();
        else entry.Included.TrySetException(Rpc.RpcException.Server(reason));
    }

    public IReadOnlyList<PendingTransaction> All() => [.. _byHash.Values.OrderBy(p => p.Arrival)];
}

/// <summary>A transaction in the pool, and the signal its sender may wait on until it is in a block.</summary>
public sealed class PendingTransaction(SignedTransaction transaction, long arrival)
{
    public SignedTransaction Transaction { get; } = transaction;

    public long Arrival { get; } = arrival;

    public TaskCompletionSource Included { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
