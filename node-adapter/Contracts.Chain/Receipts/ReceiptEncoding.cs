using Contracts.Chain.Encoding;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;

namespace Contracts.Chain.Receipts;

/// <summary>
/// A receipt's consensus encoding, as the receipts trie holds it: <c>rlp([status, cumulativeGasUsed, logsBloom,
/// logs])</c> with status 1 or empty (EIP-658), each log <c>[address, [topics], data]</c>; an EIP-1559
/// transaction's receipt is prefixed with its type byte (EIP-2718).
/// </summary>
public static class ReceiptEncoding
{
    public static byte[] Encode(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var logs = new RlpBuilder();
        foreach (var log in receipt.Logs) logs.Raw(EncodeLog(log));
        var list = new RlpBuilder()
            .String(receipt.Succeeded ? [1] : [])
            .UInt(receipt.CumulativeGasUsed)
            .String(receipt.Bloom.Bytes)
            .List(logs);
        return receipt.Type == TransactionType.Legacy ? list.ToList() : list.ToList([(byte)receipt.Type]);
    }

    internal static byte[] EncodeLog(Log log)
    {
        var topics = new RlpBuilder();
        foreach (var topic in log.Topics) topics.Hash(topic);
        return new RlpBuilder().Address(log.Address).List(topics).String(log.Data.Span).ToList();
    }
}
