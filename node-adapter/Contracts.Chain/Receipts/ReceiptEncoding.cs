using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.Chain.Receipts;

/// <summary>
/// A receipt's consensus encoding, as the receipts trie holds it: <c>rlp([status, cumulativeGasUsed, logsBloom,
/// logs])</c> with status 1 or empty (EIP-658), each log <c>[address, [topics], data]</c>; an EIP-1559
/// transaction's receipt is prefixed with its type byte (EIP-2718). Every block's receipts root encodes each of its
/// receipts, so the encoding is sized first and written into one array (no per-item arrays).
/// </summary>
public static class ReceiptEncoding
{
    public static byte[] Encode(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ReadOnlySpan<byte> status = receipt.Succeeded ? [1] : [];

        int logsPayload = 0;
        foreach (var log in receipt.Logs) logsPayload += RlpWriter.LengthOfList(LogPayloadLength(log));
        int payload = RlpWriter.LengthOfString(status) + RlpWriter.LengthOfUInt64(receipt.CumulativeGasUsed) + RlpWriter.LengthOfString(receipt.Bloom.Bytes) + RlpWriter.LengthOfList(logsPayload);
        int prefix = receipt.Type == TransactionType.Legacy ? 0 : 1;
        var output = new byte[prefix + RlpWriter.LengthOfList(payload)];
        if (prefix == 1) output[0] = (byte)receipt.Type;
        var writer = new RlpWriter(output.AsSpan(prefix));
        writer.WriteListHeader(payload);
        writer.WriteString(status);
        writer.WriteUInt64(receipt.CumulativeGasUsed);
        writer.WriteString(receipt.Bloom.Bytes);
        writer.WriteListHeader(logsPayload);
        foreach (var log in receipt.Logs) WriteLog(ref writer, log);
        return output;
    }

    // A 20-byte address and a 32-byte topic are strings with a one-byte header.
    private const int AddressItemLength = 1 + Address.Length;
    private const int TopicItemLength = 1 + Hash256.Length;

    private static int LogPayloadLength(Log log) =>
        AddressItemLength + RlpWriter.LengthOfList(log.Topics.Count * TopicItemLength) + RlpWriter.LengthOfString(log.Data.Span);

    private static void WriteLog(ref RlpWriter writer, Log log)
    {
        writer.WriteListHeader(LogPayloadLength(log));
        Span<byte> bytes = stackalloc byte[Hash256.Length];
        log.Address.CopyTo(bytes[..Address.Length]);
        writer.WriteString(bytes[..Address.Length]);
        writer.WriteListHeader(log.Topics.Count * TopicItemLength);
        foreach (var topic in log.Topics)
        {
            topic.CopyTo(bytes);
            writer.WriteString(bytes);
        }
        writer.WriteString(log.Data.Span);
    }
}
