using Contracts.Chain.Encoding;
using Contracts.Chain.Receipts;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

/// <summary>
/// <see cref="ReceiptEncoding"/> sizes its output and writes it in one pass; these compare it with the same receipt
/// composed item by item with <see cref="RlpBuilder"/> (which the transaction and header encodings share and their
/// geth and mainnet vectors check), over the shapes that change RLP headers: no logs, a failed status, zero gas,
/// a short and a long (over 55 bytes) payload, zero to four topics, both transaction types.
/// </summary>
public class ReceiptEncodingTests
{
    public static TheoryData<int, int, bool, ulong, TransactionType> Shapes => new()
    {
        { 0, 0, true, 21_000, TransactionType.Legacy },
        { 0, 0, false, 0, TransactionType.DynamicFee },
        { 1, 0, true, 49_954, TransactionType.DynamicFee },
        { 1, 3, true, 1, TransactionType.Legacy },
        { 2, 40, false, 30_000_000, TransactionType.DynamicFee },
        { 3, 300, true, ulong.MaxValue, TransactionType.DynamicFee },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_one_pass_encoding_equals_the_item_by_item_composition(int logCount, int dataLength, bool succeeded, ulong cumulativeGas, TransactionType type)
    {
        var logs = new List<Log>();
        for (int i = 0; i < logCount; i++)
        {
            var topics = Enumerable.Range(0, (i + logCount) % 5).Select(t => Keccak(i * 10 + t)).ToArray();
            var data = Enumerable.Range(0, dataLength + i).Select(b => (byte)(b * 7 + i)).ToArray();
            logs.Add(new Log(new Address(Keccak(100 + i).ToArray().AsSpan(12)), topics, data));
        }
        var receipt = new Receipt
        {
            Type = type,
            Succeeded = succeeded,
            CumulativeGasUsed = cumulativeGas,
            Bloom = LogsBloom.Of(logs),
            Logs = logs,
            TransactionHash = Keccak(1),
            TransactionIndex = 0,
            From = new Address(new byte[20]),
            GasUsed = 21_000,
            EffectiveGasPrice = (UInt256)7ul,
        };

        var logItems = new RlpBuilder();
        foreach (var log in logs)
        {
            var topics = new RlpBuilder();
            foreach (var topic in log.Topics) topics.Hash(topic);
            logItems.Raw(new RlpBuilder().Address(log.Address).List(topics).String(log.Data.Span).ToList());
        }
        var list = new RlpBuilder().String(succeeded ? [1] : []).UInt(cumulativeGas).String(receipt.Bloom.Bytes).List(logItems);
        var expected = type == TransactionType.Legacy ? list.ToList() : list.ToList([(byte)type]);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ReceiptEncoding.Encode(receipt)));
    }

    private static Hash256 Keccak(int seed) => Contracts.State.Crypto.Keccak256.Compute(BitConverter.GetBytes(seed));
}
