using Contracts.Chain.Storage;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Chain.Tests;

public class StoredRecordsWriterTests
{
    private static readonly Address A = Address.FromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly Address B = Address.FromHex("0x00000000000000000000000000000000000000b2");

    [Fact]
    public void Outcomes_written_directly_are_the_bytes_the_record_types_serialize_to()
    {
        // The chain writes each block's outcomes record straight from its receipts and diffs; the record types define
        // the format and read it back. Every field shape: logs with 0-4 topics and empty or long data, a failure with
        // its message (non-ASCII too), a contract address, large integers, byte-string entries with and without a
        // value, cleared storage, an empty diff.
        var receipts = new[]
        {
            Receipt(true, 21_000, 21_000, UInt256.One, null, ExecutionFailure.None, [new Log(A, [Hash256.Zero, H(1), H(2)], new byte[32])]),
            Receipt(false, 1ul << 40, 5, UInt256.MaxValue, null, ExecutionFailure.Reverted, []),
            Receipt(true, ulong.MaxValue, 70_000, (UInt256)1_000_000_007ul, B,
                ExecutionFailure.None, [new Log(B, [], Array.Empty<byte>()), new Log(A, [H(3), H(4), H(5), H(6)], Enumerable.Range(0, 300).Select(i => (byte)i).ToArray())]),
        };
        var results = new[] { Result(""), Result("reverted: insufficient balance — ünïcode"), Result("") };
        var diffs = new[]
        {
            new StateChanges([new AccountChange(A, 1, UInt256.MaxValue, H(7)), new AccountChange(B, ulong.MaxValue, UInt256.Zero, Hash256.Zero)],
                [new SlotChange(A, UInt256.Zero, UInt256.One), new SlotChange(A, UInt256.MaxValue, (UInt256)255ul)], []),
            new StateChanges([], [], [new BytesChange(A, [1, 2, 3], [4, 5]), new BytesChange(B, [], null)]) { StorageCleared = [A, B] },
            new StateChanges([], [], []),
        };
        var expected = StoredRecords.Serialize(new StoredOutcomes
        {
            Receipts = receipts.Select((r, i) => StoredRecords.ToStored(r, results[i].Message)).ToArray(),
            Diffs = diffs.Select(StoredRecords.ToStored).ToArray(),
        });
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(StoredRecords.SerializeOutcomes(receipts, results, diffs)));
        Assert.Equal(Convert.ToHexString(StoredRecords.Serialize(new StoredOutcomes())), Convert.ToHexString(StoredRecords.SerializeOutcomes([], [], [])));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(20)]
    public void Block_records_written_directly_are_the_bytes_the_record_type_serializes_to(int count)
    {
        var transactions = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? TestChain.Transfer(i % 3, TestChain.Recipient(i), (ulong)i, (ulong)i)
            : TestChain.Send(i % 3, null, Enumerable.Range(0, 40 * i).Select(b => (byte)b).ToArray(), (ulong)i)).ToArray();
        var senders = transactions.Select((_, i) => TestChain.Accounts[i % 3]).ToArray();
        var header = Enumerable.Range(0, 530).Select(b => (byte)(b * 3)).ToArray();
        var expected = StoredRecords.Serialize(new StoredBlock
        {
            Header = header,
            Transactions = transactions.Select(t => t.Encoded.ToArray()).ToArray(),
            Senders = senders.Select(s => s.ToArray()).ToArray(),
        });
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(StoredRecords.SerializeBlock(header, transactions, senders)));
    }

    private static Hash256 H(int n) => Hash256.FromHex("0x" + string.Concat(Enumerable.Repeat($"{n:x2}", 32)));

    private static ExecutionResult Result(string message) => new() { Failure = message.Length == 0 ? ExecutionFailure.None : ExecutionFailure.Reverted, Message = message, GasUsed = 1 };

    private static Receipt Receipt(bool succeeded, ulong cumulative, ulong gasUsed, UInt256 price, Address? contract, ExecutionFailure failure, Log[] logs) => new()
    {
        Type = TransactionType.DynamicFee, Succeeded = succeeded, CumulativeGasUsed = cumulative, Bloom = LogsBloom.Of(logs), Logs = logs,
        TransactionHash = Hash256.Zero, TransactionIndex = 0, From = A, GasUsed = gasUsed, EffectiveGasPrice = price, ContractAddress = contract, Failure = failure,
    };
}
