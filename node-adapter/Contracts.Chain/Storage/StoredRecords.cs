using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.World;
using Nerdbank.MessagePack;
using PolyType;

namespace Contracts.Chain.Storage;

// Every member is always written (SerializeDefaultValues.Always), so the initializers never stand in for a value.
#pragma warning disable NBMsgPack110

/// <summary>A stored block: its RLP header, its transactions' canonical encodings and their recovered senders.</summary>
[GenerateShape]
internal sealed partial class StoredBlock
{
    public byte[] Header { get; set; } = [];
    public byte[][] Transactions { get; set; } = [];
    public byte[][] Senders { get; set; } = [];
}

/// <summary>A stored block's receipts and, per transaction, the state it changed (the compact diff replay checks).</summary>
[GenerateShape]
internal sealed partial class StoredOutcomes
{
    public StoredReceipt[] Receipts { get; set; } = [];
    public StoredDiff[] Diffs { get; set; } = [];
}

internal sealed class StoredReceipt
{
    public bool Succeeded { get; set; }
    public ulong CumulativeGasUsed { get; set; }
    public ulong GasUsed { get; set; }
    public byte[] EffectiveGasPrice { get; set; } = [];
    public byte[]? ContractAddress { get; set; }
    public byte Failure { get; set; }
    public string Message { get; set; } = "";
    public StoredLog[] Logs { get; set; } = [];
}

internal sealed class StoredLog
{
    public byte[] Address { get; set; } = [];
    public byte[][] Topics { get; set; } = [];
    public byte[] Data { get; set; } = [];
}

internal sealed class StoredDiff
{
    public StoredAccount[] Accounts { get; set; } = [];
    public StoredSlot[] Slots { get; set; } = [];
    public StoredBytes[] Bytes { get; set; } = [];

    /// <summary>
    /// Accounts whose storage the transaction cleared (<see cref="StateChanges.StorageCleared"/>); a record written
    /// before this field was kept reads as none.
    /// </summary>
    public byte[][] StorageCleared { get; set; } = [];
}

internal sealed class StoredAccount
{
    public byte[] Address { get; set; } = [];
    public ulong Nonce { get; set; }
    public byte[] Balance { get; set; } = [];
    public byte[] CodeHash { get; set; } = [];
}

internal sealed class StoredSlot
{
    public byte[] Address { get; set; } = [];
    public byte[] Slot { get; set; } = [];
    public byte[] Value { get; set; } = [];
}

internal sealed class StoredBytes
{
    public byte[] Address { get; set; } = [];
    public byte[] Key { get; set; } = [];
    public byte[]? Value { get; set; }
}

/// <summary>Conversions between the chain's types and their stored records (Nerdbank.MessagePack).</summary>
internal static class StoredRecords
{
    private static readonly MessagePackSerializer Serializer = new() { SerializeDefaultValues = SerializeDefaultValuesPolicy.Always };

    public static byte[] Serialize(StoredBlock block) => Serializer.Serialize(block);

    public static byte[] Serialize(StoredOutcomes outcomes) => Serializer.Serialize(outcomes);

    public static StoredBlock DeserializeBlock(ReadOnlyMemory<byte> bytes) =>
        Serializer.Deserialize<StoredBlock>(bytes) ?? throw new InvalidDataException("empty block record");

    public static StoredOutcomes DeserializeOutcomes(ReadOnlyMemory<byte> bytes) =>
        Serializer.Deserialize<StoredOutcomes>(bytes) ?? throw new InvalidDataException("empty receipts record");

    /// <summary>
    /// A block record written straight from its header's encoding, its transactions and their senders: the bytes
    /// <c>Serialize(new StoredBlock { … })</c> gives (a test holds them equal), without copying every transaction's
    /// encoding and sender into arrays of their own first.
    /// </summary>
    public static byte[] SerializeBlock(ReadOnlySpan<byte> header, IReadOnlyList<Transactions.SignedTransaction> transactions, IReadOnlyList<Address> senders)
    {
        int size = 64 + header.Length;
        for (int i = 0; i < transactions.Count; i++) size += 5 + transactions[i].Encoded.Length + 2 + Address.Length;
        using var buffer = new PooledBufferWriter(size);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(3);
        writer.WriteRaw(Keys.Header);
        writer.Write(header);
        writer.WriteRaw(Keys.Transactions);
        writer.WriteArrayHeader(transactions.Count);
        for (int i = 0; i < transactions.Count; i++) writer.Write(transactions[i].Encoded.Span);
        writer.WriteRaw(Keys.Senders);
        writer.WriteArrayHeader(senders.Count);
        for (int i = 0; i < senders.Count; i++) WriteAddress(ref writer, senders[i]);
        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// A block's outcomes record written straight from its receipts, their results (for the failure messages) and
    /// its diffs: the bytes <c>Serialize(new StoredOutcomes { Receipts = ToStored(…), Diffs = ToStored(…) })</c> gives
    /// (a test holds them equal, field by field), without the per-transaction records and their ~20 small arrays.
    /// Every committed block writes one, so this is what the chain uses; the record types stay the format's
    /// definition and what reads it back.
    /// </summary>
    public static byte[] SerializeOutcomes(IReadOnlyList<Receipt> receipts, IReadOnlyList<ExecutionResult> results, IReadOnlyList<StateChanges> diffs)
    {
        // About 600 bytes per token transfer: sized once for the usual block so the buffer rarely grows.
        using var buffer = new PooledBufferWriter(64 + 640 * receipts.Count);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(2);
        writer.WriteRaw(Keys.Receipts);
        writer.WriteArrayHeader(receipts.Count);
        for (int i = 0; i < receipts.Count; i++) WriteReceipt(ref writer, receipts[i], results[i].Message);
        writer.WriteRaw(Keys.Diffs);
        writer.WriteArrayHeader(diffs.Count);
        for (int i = 0; i < diffs.Count; i++) WriteDiff(ref writer, diffs[i]);
        writer.Flush();
        return buffer.ToArray();
    }

    private static void WriteReceipt(ref MessagePackWriter writer, Receipt receipt, string message)
    {
        Span<byte> bytes = stackalloc byte[32];
        writer.WriteMapHeader(8);
        writer.WriteRaw(Keys.Succeeded);
        writer.Write(receipt.Succeeded);
        writer.WriteRaw(Keys.CumulativeGasUsed);
        writer.Write(receipt.CumulativeGasUsed);
        writer.WriteRaw(Keys.GasUsed);
        writer.Write(receipt.GasUsed);
        writer.WriteRaw(Keys.EffectiveGasPrice);
        receipt.EffectiveGasPrice.WriteBigEndian(bytes);
        writer.Write(bytes);
        writer.WriteRaw(Keys.ContractAddress);
        if (receipt.ContractAddress is { } contract) WriteAddress(ref writer, contract);
        else writer.WriteNil();
        writer.WriteRaw(Keys.Failure);
        writer.Write((byte)receipt.Failure);
        writer.WriteRaw(Keys.Message);
        writer.Write(message);
        writer.WriteRaw(Keys.Logs);
        var logs = receipt.Logs;
        writer.WriteArrayHeader(logs.Count);
        for (int i = 0; i < logs.Count; i++)
        {
            var log = logs[i];
            writer.WriteMapHeader(3);
            writer.WriteRaw(Keys.Address);
            WriteAddress(ref writer, log.Address);
            writer.WriteRaw(Keys.Topics);
            writer.WriteArrayHeader(log.Topics.Count);
            for (int t = 0; t < log.Topics.Count; t++)
            {
                log.Topics[t].CopyTo(bytes);
                writer.Write(bytes);
            }
            writer.WriteRaw(Keys.Data);
            writer.Write(log.Data.Span);
        }
    }

    private static void WriteDiff(ref MessagePackWriter writer, StateChanges changes)
    {
        Span<byte> bytes = stackalloc byte[32];
        writer.WriteMapHeader(4);
        writer.WriteRaw(Keys.Accounts);
        writer.WriteArrayHeader(changes.Accounts.Count);
        for (int i = 0; i < changes.Accounts.Count; i++)
        {
            var a = changes.Accounts[i];
            writer.WriteMapHeader(4);
            writer.WriteRaw(Keys.Address);
            WriteAddress(ref writer, a.Address);
            writer.WriteRaw(Keys.Nonce);
            writer.Write(a.Nonce);
            writer.WriteRaw(Keys.Balance);
            a.Balance.WriteBigEndian(bytes);
            writer.Write(bytes);
            writer.WriteRaw(Keys.CodeHash);
            a.CodeHash.CopyTo(bytes);
            writer.Write(bytes);
        }
        writer.WriteRaw(Keys.Slots);
        writer.WriteArrayHeader(changes.Slots.Count);
        for (int i = 0; i < changes.Slots.Count; i++)
        {
            var slot = changes.Slots[i];
            writer.WriteMapHeader(3);
            writer.WriteRaw(Keys.Address);
            WriteAddress(ref writer, slot.Address);
            writer.WriteRaw(Keys.Slot);
            slot.Slot.WriteBigEndian(bytes);
            writer.Write(bytes);
            writer.WriteRaw(Keys.Value);
            slot.Value.WriteBigEndian(bytes);
            writer.Write(bytes);
        }
        writer.WriteRaw(Keys.Bytes);
        writer.WriteArrayHeader(changes.Bytes.Count);
        for (int i = 0; i < changes.Bytes.Count; i++)
        {
            var entry = changes.Bytes[i];
            writer.WriteMapHeader(3);
            writer.WriteRaw(Keys.Address);
            WriteAddress(ref writer, entry.Address);
            writer.WriteRaw(Keys.BytesKey);
            writer.Write(entry.Key);
            writer.WriteRaw(Keys.Value);
            if (entry.Value is { } value) writer.Write(value);
            else writer.WriteNil();
        }
        writer.WriteRaw(Keys.StorageCleared);
        writer.WriteArrayHeader(changes.StorageCleared.Count);
        for (int i = 0; i < changes.StorageCleared.Count; i++) WriteAddress(ref writer, changes.StorageCleared[i]);
    }

    private static void WriteAddress(ref MessagePackWriter writer, Address address)
    {
        Span<byte> bytes = stackalloc byte[Address.Length];
        address.CopyTo(bytes);
        writer.Write(bytes);
    }

    /// <summary>The records' property names as MessagePack strings (the map keys Nerdbank.MessagePack writes for them).</summary>
    private static class Keys
    {
        public static readonly byte[] Header = Key(nameof(StoredBlock.Header)), Transactions = Key(nameof(StoredBlock.Transactions)), Senders = Key(nameof(StoredBlock.Senders));
        public static readonly byte[] Receipts = Key(nameof(StoredOutcomes.Receipts)), Diffs = Key(nameof(StoredOutcomes.Diffs));
        public static readonly byte[] Succeeded = Key(nameof(StoredReceipt.Succeeded)), CumulativeGasUsed = Key(nameof(StoredReceipt.CumulativeGasUsed)),
            GasUsed = Key(nameof(StoredReceipt.GasUsed)), EffectiveGasPrice = Key(nameof(StoredReceipt.EffectiveGasPrice)),
            ContractAddress = Key(nameof(StoredReceipt.ContractAddress)), Failure = Key(nameof(StoredReceipt.Failure)),
            Message = Key(nameof(StoredReceipt.Message)), Logs = Key(nameof(StoredReceipt.Logs));
        public static readonly byte[] Address = Key(nameof(StoredLog.Address)), Topics = Key(nameof(StoredLog.Topics)), Data = Key(nameof(StoredLog.Data));
        public static readonly byte[] Accounts = Key(nameof(StoredDiff.Accounts)), Slots = Key(nameof(StoredDiff.Slots)), Bytes = Key(nameof(StoredDiff.Bytes)),
            StorageCleared = Key(nameof(StoredDiff.StorageCleared));
        public static readonly byte[] Nonce = Key(nameof(StoredAccount.Nonce)), Balance = Key(nameof(StoredAccount.Balance)), CodeHash = Key(nameof(StoredAccount.CodeHash));
        public static readonly byte[] Slot = Key(nameof(StoredSlot.Slot)), Value = Key(nameof(StoredSlot.Value)), BytesKey = Key(nameof(StoredBytes.Key));

        private static byte[] Key(string name)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            writer.Write(name);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
    }

    // Every block serializes a record per transaction: the conversions below fill arrays in loops (no LINQ iterators).

    public static StoredReceipt ToStored(Receipt receipt, string message)
    {
        var logs = new StoredLog[receipt.Logs.Count];
        for (int i = 0; i < logs.Length; i++)
        {
            var log = receipt.Logs[i];
            var topics = new byte[log.Topics.Count][];
            for (int t = 0; t < topics.Length; t++) topics[t] = log.Topics[t].ToArray();
            logs[i] = new StoredLog { Address = log.Address.ToArray(), Topics = topics, Data = log.Data.ToArray() };
        }
        return new StoredReceipt
        {
            Succeeded = receipt.Succeeded,
            CumulativeGasUsed = receipt.CumulativeGasUsed,
            GasUsed = receipt.GasUsed,
            EffectiveGasPrice = receipt.EffectiveGasPrice.ToBigEndian(),
            ContractAddress = receipt.ContractAddress?.ToArray(),
            Failure = (byte)receipt.Failure,
            Message = message,
            Logs = logs,
        };
    }

    public static Receipt FromStored(StoredReceipt stored, TransactionType type, Hash256 transactionHash, int index, Address from, Address? to)
    {
        var logs = stored.Logs.Select(l => new Log(new Address(l.Address), l.Topics.Select(t => new Hash256(t)).ToArray(), l.Data)).ToArray();
        return new Receipt
        {
            Type = type,
            Succeeded = stored.Succeeded,
            CumulativeGasUsed = stored.CumulativeGasUsed,
            Bloom = LogsBloom.Of(logs),
            Logs = logs,
            TransactionHash = transactionHash,
            TransactionIndex = index,
            From = from,
            To = to,
            GasUsed = stored.GasUsed,
            EffectiveGasPrice = UInt256.FromBigEndian(stored.EffectiveGasPrice),
            ContractAddress = stored.ContractAddress is { } address ? new Address(address) : null,
            Failure = (ExecutionFailure)stored.Failure,
        };
    }

    public static StoredDiff ToStored(StateChanges changes)
    {
        var accounts = new StoredAccount[changes.Accounts.Count];
        for (int i = 0; i < accounts.Length; i++)
        {
            var a = changes.Accounts[i];
            accounts[i] = new StoredAccount { Address = a.Address.ToArray(), Nonce = a.Nonce, Balance = a.Balance.ToBigEndian(), CodeHash = a.CodeHash.ToArray() };
        }
        var slots = new StoredSlot[changes.Slots.Count];
        for (int i = 0; i < slots.Length; i++)
        {
            var s = changes.Slots[i];
            slots[i] = new StoredSlot { Address = s.Address.ToArray(), Slot = s.Slot.ToBigEndian(), Value = s.Value.ToBigEndian() };
        }
        var bytes = new StoredBytes[changes.Bytes.Count];
        for (int i = 0; i < bytes.Length; i++)
        {
            var b = changes.Bytes[i];
            bytes[i] = new StoredBytes { Address = b.Address.ToArray(), Key = b.Key, Value = b.Value };
        }
        var cleared = new byte[changes.StorageCleared.Count][];
        for (int i = 0; i < cleared.Length; i++) cleared[i] = changes.StorageCleared[i].ToArray();
        return new StoredDiff { Accounts = accounts, Slots = slots, Bytes = bytes, StorageCleared = cleared };
    }

    public static StateChanges FromStored(StoredDiff stored) => new(
        stored.Accounts.Select(a => new AccountChange(new Address(a.Address), a.Nonce, UInt256.FromBigEndian(a.Balance), new Hash256(a.CodeHash))).ToArray(),
        stored.Slots.Select(s => new SlotChange(new Address(s.Address), UInt256.FromBigEndian(s.Slot), UInt256.FromBigEndian(s.Value))).ToArray(),
        stored.Bytes.Select(b => new BytesChange(new Address(b.Address), b.Key, b.Value)).ToArray())
    {
        StorageCleared = stored.StorageCleared.Select(a => new Address(a)).ToArray(),
    };
}
