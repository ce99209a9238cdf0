using System.Collections.Concurrent;
using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Chain;

/// <summary>
/// The last <see cref="Capacity"/> sealed blocks with their receipts, kept as the devnet sealed them, and an index of
/// their transactions by hash. A client waiting for its receipt asks for the newest blocks: answering from here saves
/// reading and decoding the block's whole receipt list from the store for every <c>eth_getTransactionReceipt</c>
/// (the costliest part of the automine path, measured). Reads may run on any thread, also while a block is being added;
/// adds and rewinds come from one writer at a time.
/// </summary>
public sealed class RecentBlocks(int capacity = 256)
{
    private readonly ConcurrentDictionary<ulong, Entry> _byNumber = new();
    private readonly ConcurrentDictionary<Hash256, ulong> _numberByHash = new();
    private readonly ConcurrentDictionary<Hash256, (ulong Block, int Index)> _transactions = new();
    private Queue<ulong> _order = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "at least one block");

    /// <summary>Remembers a sealed block; the oldest is forgotten when more than <see cref="Capacity"/> are held.</summary>
    public void Add(DevnetBlock block, IReadOnlyList<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(receipts);
        Forget(block.Number);
        // The transactions first, the block last: a reader that finds a transaction here finds its block too, or misses
        // both and reads the store.
        _byNumber[block.Number] = new Entry(block, receipts);
        _numberByHash[block.Hash] = block.Number;
        for (int i = 0; i < block.Transactions.Count; i++) _transactions[block.Transactions[i].Hash] = (block.Number, i);
        _order.Enqueue(block.Number);
        while (_order.Count > Capacity) Forget(_order.Dequeue());
    }

    /// <summary>Forgets the blocks above <paramref name="number"/> (the chain was rewound).</summary>
    public void ForgetAbove(ulong number)
    {
        foreach (var held in _byNumber.Keys)
            if (held > number) Forget(held);
        _order = new Queue<ulong>(_order.Where(held => held <= number));
    }

    public DevnetBlock? BlockByNumber(ulong number) => _byNumber.TryGetValue(number, out var entry) ? entry.Block : null;

    public DevnetBlock? BlockByHash(Hash256 hash) =>
        _numberByHash.TryGetValue(hash, out ulong number) && _byNumber.TryGetValue(number, out var entry) && entry.Block.Hash == hash ? entry.Block : null;

    public IReadOnlyList<Receipt>? ReceiptsOf(ulong number) => _byNumber.TryGetValue(number, out var entry) ? entry.Receipts : null;

    public IncludedTransaction? TransactionByHash(Hash256 hash)
    {
        if (!_transactions.TryGetValue(hash, out var at) || !_byNumber.TryGetValue(at.Block, out var entry)) return null;
        var block = entry.Block;
        if (at.Index >= block.Transactions.Count || block.Transactions[at.Index].Hash != hash) return null;
        return new IncludedTransaction(block.Transactions[at.Index], block.Hash, block.Number, at.Index, block.BaseFee);
    }

    private void Forget(ulong number)
    {
        if (!_byNumber.TryRemove(number, out var entry)) return;
        _numberByHash.TryRemove(entry.Block.Hash, out _);
        foreach (var transaction in entry.Block.Transactions)
            if (_transactions.TryGetValue(transaction.Hash, out var at) && at.Block == number) _transactions.TryRemove(KeyValuePair.Create(transaction.Hash, at));
    }

    private sealed record Entry(DevnetBlock Block, IReadOnlyList<Receipt> Receipts);
}
