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
