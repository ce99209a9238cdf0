using Contracts.Chain.Blocks;
using Contracts.Chain.Storage;
using Contracts.Execution.Results;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Chain.Replay;

/// <summary>
/// Field-by-field comparison of what a replay produced with what was recorded: a receipt, a transaction's state
/// diff, a block header's derived fields. Each returns the first differing field as (name, recorded, replayed), or
/// null when they agree, so the replayer can name it.
/// </summary>
internal static class RecordComparison
{
    public readonly record struct Difference(string Field, string Recorded, string Replayed);

    public static Difference? Receipt(StoredReceipt recorded, Receipt replayed)
    {
        if (recorded.Succeeded != replayed.Succeeded) return new("status", Status(recorded.Succeeded), Status(replayed.Succeeded));
        if (recorded.GasUsed != replayed.GasUsed) return new("gas used", recorded.GasUsed.ToString(), replayed.GasUsed.ToString());
        if (recorded.CumulativeGasUsed != replayed.CumulativeGasUsed)
            return new("cumulative gas used", recorded.CumulativeGasUsed.ToString(), replayed.CumulativeGasUsed.ToString());
        if ((ExecutionFailure)recorded.Failure != replayed.Failure) return new("failure", ((ExecutionFailure)recorded.Failure).ToString(), replayed.Failure.ToString());
        var recordedContract = recorded.ContractAddress is { } address ? new Address(address) : (Address?)null;
        if (recordedContract != replayed.ContractAddress) return new("contract address", Text(recordedContract), Text(replayed.ContractAddress));
        var recordedPrice = UInt256.FromBigEndian(recorded.EffectiveGasPrice);
        if (recordedPrice != replayed.EffectiveGasPrice) return new("effective gas price", recordedPrice.ToString(), replayed.EffectiveGasPrice.ToString());
        int common = Math.Min(recorded.Logs.Length, replayed.Logs.Count);
        for (int i = 0; i < common; i++)
        {
            var r = recorded.Logs[i];
            var l = replayed.Logs[i];
            var recordedAddress = new Address(r.Address);
            if (recordedAddress != l.Address) return new($"log {i} address", recordedAddress.ToString(), l.Address.ToString());
            if (r.Topics.Length != l.Topics.Count) return new($"log {i} topic count", r.Topics.Length.ToString(), l.Topics.Count.ToString());
            for (int t = 0; t < r.Topics.Length; t++)
            {
                var topic = new Hash256(r.Topics[t]);
                if (topic != l.Topics[t]) return new($"log {i} topic {t}", topic.ToString(), l.Topics[t].ToString());
            }
            if (!r.Data.AsSpan().SequenceEqual(l.Data.Span)) return new($"log {i} data", Hex(r.Data), Hex(l.Data.Span));
        }
        if (recorded.Logs.Length != replayed.Logs.Count) return new("log count", recorded.Logs.Length.ToString(), replayed.Logs.Count.ToString());
        return null;
    }

    /// <summary>
    /// The first differing entry of two diffs, walking both in their canonical order (accounts whose storage was
    /// cleared, accounts by address, slots by address and slot, byte-string keys by address and key): a differing
    /// value, or an entry only one side wrote.
    /// </summary>
    public static Difference? Diff(StateChanges recorded, StateChanges replayed)
    {
        // Replaying a diff clears these accounts' storage before applying its entries, so they are compared first.
        var cleared = Pair(recorded.StorageCleared, replayed.StorageCleared, a => a, (x, y) => x.CompareTo(y));
        foreach (var (r, l) in cleared)
        {
            if (r < 0) return new($"storage of {replayed.StorageCleared[l]}", "not cleared", "cleared");
            if (l < 0) return new($"storage of {recorded.StorageCleared[r]}", "cleared", "not cleared");
        }
        var accounts = Pair(recorded.Accounts, replayed.Accounts, a => a.Address, (x, y) => x.CompareTo(y));
        foreach (var (r, l) in accounts)
        {
            string field = $"account {(r >= 0 ? recorded.Accounts[r] : replayed.Accounts[l]).Address}";
            if (r < 0) return new(field, "not written", Account(replayed.Accounts[l]));
            if (l < 0) return new(field, Account(recorded.Accounts[r]), "not written");
            var (ra, la) = (recorded.Accounts[r], replayed.Accounts[l]);
            if (ra.Nonce != la.Nonce) return new(field + " nonce", ra.Nonce.ToString(), la.Nonce.ToString());
            if (ra.Balance != la.Balance) return new(field + " balance", ra.Balance.ToString(), la.Balance.ToString());
            if (ra.CodeHash != la.CodeHash) return new(field + " code hash", ra.CodeHash.ToString(), la.CodeHash.ToString());
        }
        var slots = Pair(recorded.Slots, replayed.Slots, s => s, (x, y) => x.Address != y.Address ? x.Address.CompareTo(y.Address) : x.Slot.CompareTo(y.Slot));
        foreach (var (r, l) in slots)
        {
            var key = r >= 0 ? recorded.Slots[r] : replayed.Slots[l];
            string field = $"storage {key.Address} slot {key.Slot.ToHexQuantity()}";
            string recordedValue = r >= 0 ? recorded.Slots[r].Value.ToHexQuantity() : "not written";
            string replayedValue = l >= 0 ? replayed.Slots[l].Value.ToHexQuantity() : "not written";
            if (recordedValue != replayedValue) return new(field, recordedValue, replayedValue);
        }
        var bytes = Pair(recorded.Bytes, replayed.Bytes, b => b, (x, y) => x.Address != y.Address ? x.Address.CompareTo(y.Address) : x.Key.AsSpan().SequenceCompareTo(y.Key));
        foreach (var (r, l) in bytes)
        {
            var key = r >= 0 ? recorded.Bytes[r] : replayed.Bytes[l];
            string field = $"bytes {key.Address} key {Hex(key.Key)}";
            string recordedValue = r >= 0 ? BytesValue(recorded.Bytes[r].Value) : "not written";
            string replayedValue = l >= 0 ? BytesValue(replayed.Bytes[l].Value) : "not written";
            if (recordedValue != replayedValue) return new(field, recordedValue, replayedValue);
        }
        return null;
    }

    /// <summary>The header fields a block's execution derives, in the order geth checks them on import.</summary>
    public static Difference? Header(BlockHeader recorded, BlockHeader replayed)
    {
        if (recorded.GasUsed != replayed.GasUsed) return new("gas used", recorded.GasUsed.ToString(), replayed.GasUsed.ToString());
        if (!recorded.Bloom.Equals(replayed.Bloom)) return new("logs bloom", Hex(recorded.Bloom.Bytes), Hex(replayed.Bloom.Bytes));
        if (recorded.TransactionsRoot != replayed.TransactionsRoot) return new("transactions root", recorded.TransactionsRoot.ToString(), replayed.TransactionsRoot.ToString());
        if (recorded.ReceiptsRoot != replayed.ReceiptsRoot) return new("receipts root", recorded.ReceiptsRoot.ToString(), replayed.ReceiptsRoot.ToString());
        if (recorded.StateRoot != replayed.StateRoot) return new("state root", recorded.StateRoot.ToString(), replayed.StateRoot.ToString());
        if (recorded.Hash != replayed.Hash) return new("block hash", recorded.Hash.ToString(), replayed.Hash.ToString());
        return null;
    }

    /// <summary>
    /// Pairs the entries of two lists by key, in key order: (recorded index, replayed index), -1 where one side has
    /// no such entry. Both sides are in canonical order already; they are sorted anyway so a reordered record still
    /// pairs up entry by entry.
    /// </summary>
    private static List<(int Recorded, int Replayed)> Pair<T, TKey>(IReadOnlyList<T> recorded, IReadOnlyList<T> replayed, Func<T, TKey> keyOf, Comparison<TKey> compare)
    {
        var comparer = Comparer<TKey>.Create(compare);
        var left = Enumerable.Range(0, recorded.Count).OrderBy(i => keyOf(recorded[i]), comparer).ToArray();
        var right = Enumerable.Range(0, replayed.Count).OrderBy(i => keyOf(replayed[i]), comparer).ToArray();
        var pairs = new List<(int, int)>(Math.Max(left.Length, right.Length));
        int a = 0, b = 0;
        while (a < left.Length || b < right.Length)
        {
            int order = a == left.Length ? 1 : b == right.Length ? -1 : compare(keyOf(recorded[left[a]]), keyOf(replayed[right[b]]));
            if (order == 0) pairs.Add((left[a++], right[b++]));
            else if (order < 0) pairs.Add((left[a++], -1));
            else pairs.Add((-1, right[b++]));
        }
        return pairs;
    }

    private static string Status(bool succeeded) => succeeded ? "1 (success)" : "0 (failure)";

    private static string Text(Address? address) => address?.ToString() ?? "none";

    private static string Account(AccountChange a) => $"nonce {a.Nonce}, balance {a.Balance}, code hash {a.CodeHash}";

    private static string BytesValue(byte[]? value) => value is null ? "removed" : Hex(value);

    internal static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexString(bytes).ToLowerInvariant();
}
