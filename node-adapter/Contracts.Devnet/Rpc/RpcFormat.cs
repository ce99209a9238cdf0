using System.Text.Json.Nodes;
using Contracts.Devnet.Chain;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Rpc;

/// <summary>Blocks, transactions, receipts and logs in the JSON shapes geth returns them.</summary>
public static class RpcFormat
{
    /// <summary>Keccak-256 of the RLP of an empty list: the uncles hash of every post-merge block.</summary>
    private const string EmptyUnclesHash = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

    public static JsonObject Block(DevnetBlock block, bool fullTransactions)
    {
        var transactions = new JsonArray();
        for (int i = 0; i < block.Transactions.Count; i++)
        {
            var signed = block.Transactions[i];
            transactions.Add(fullTransactions
                ? Transaction(new IncludedTransaction(signed, block.Hash, block.Number, i, block.BaseFee))
                : JsonValue.Create(RpcHex.Data(signed.Hash)));
        }
        return new JsonObject
        {
            ["number"] = RpcHex.Quantity(block.Number),
            ["hash"] = RpcHex.Data(block.Hash),
            ["parentHash"] = RpcHex.Data(block.ParentHash),
            ["nonce"] = "0x0000000000000000",
            ["sha3Uncles"] = EmptyUnclesHash,
            ["logsBloom"] = RpcHex.Data(block.Bloom.Bytes),
            ["transactionsRoot"] = RpcHex.Data(block.TransactionsRoot),
            ["stateRoot"] = RpcHex.Data(block.StateRoot),
            ["receiptsRoot"] = RpcHex.Data(block.ReceiptsRoot),
            ["miner"] = RpcHex.Data(block.Coinbase),
            ["difficulty"] = "0x0",
            ["totalDifficulty"] = "0x0",
            ["extraData"] = RpcHex.Data(block.ExtraData.Span),
            ["size"] = RpcHex.Quantity(block.Size),
            ["gasLimit"] = RpcHex.Quantity(block.GasLimit),
            ["gasUsed"] = RpcHex.Quantity(block.GasUsed),
            ["timestamp"] = RpcHex.Quantity(block.Timestamp),
            ["mixHash"] = RpcHex.Data(block.MixHash),
            ["baseFeePerGas"] = RpcHex.Quantity(block.BaseFee),
            ["transactions"] = transactions,
            ["uncles"] = new JsonArray(),
        };
    }

    /// <summary>A transaction; <paramref name="included"/> without a block (a pending one) has null block fields.</summary>
    public static JsonObject Transaction(IncludedTransaction included) => Transaction(included.Signed, included);

    public static JsonObject PendingTransaction(SignedTransaction signed) => Transaction(signed, null);

    private static JsonObject Transaction(SignedTransaction signed, IncludedTransaction? included)
    {
        var tx = signed.Transaction;
        var json = new JsonObject
        {
            ["blockHash"] = included is null ? null : RpcHex.Data(included.BlockHash),
            ["blockNumber"] = included is null ? null : RpcHex.Quantity(included.BlockNumber),
            ["transactionIndex"] = included is null ? null : RpcHex.Quantity((ulong)included.Index),
            ["hash"] = RpcHex.Data(tx.Hash),
            ["type"] = RpcHex.Quantity((ulong)tx.Type),
            ["from"] = RpcHex.Data(tx.Sender),
            ["to"] = tx.To is { } to ? RpcHex.Data(to) : null,
            ["nonce"] = RpcHex.Quantity(tx.Nonce),
            ["gas"] = RpcHex.Quantity(tx.GasLimit),
            ["value"] = RpcHex.Quantity(tx.Value),
            ["input"] = RpcHex.Data(tx.Data.Span),
            ["v"] = RpcHex.Quantity(signed.V),
            ["r"] = RpcHex.Quantity(signed.R),
            ["s"] = RpcHex.Quantity(signed.S),
        };
        if (tx.ChainId is { } chainId) json["chainId"] = RpcHex.Quantity(chainId);
        if (tx.Type == TransactionType.Legacy)
        {
            json["gasPrice"] = RpcHex.Quantity(tx.GasPrice);
        }
        else
        {
            json["maxFeePerGas"] = RpcHex.Quantity(tx.MaxFeePerGas);
            json["maxPriorityFeePerGas"] = RpcHex.Quantity(tx.MaxPriorityFeePerGas);
            // geth shows the price paid once the block is known, the fee cap while pending.
            json["gasPrice"] = RpcHex.Quantity(included is null ? tx.MaxFeePerGas : tx.EffectiveGasPrice(included.BaseFee) ?? tx.MaxFeePerGas);
            json["yParity"] = RpcHex.Quantity(signed.V);
            json["accessList"] = AccessList(tx.AccessList);
        }
        return json;
    }

    private static JsonArray AccessList(IReadOnlyList<AccessListEntry> list)
    {
        var array = new JsonArray();
        foreach (var entry in list)
        {
            var keys = new JsonArray();
            foreach (var key in entry.StorageKeys) keys.Add(RpcHex.Data(key));
            array.Add(new JsonObject { ["address"] = RpcHex.Data(entry.Address), ["storageKeys"] = keys });
        }
        return array;
    }

    /// <summary>A receipt; <paramref name="firstLogIndex"/> is the block-wide index of its first log.</summary>
    public static JsonObject Receipt(Receipt receipt, DevnetBlock block, int firstLogIndex)
    {
        var logs = new JsonArray();
        for (int i = 0; i < receipt.Logs.Count; i++)
            logs.Add(Log(receipt.Logs[i], block, receipt.TransactionHash, receipt.TransactionIndex, firstLogIndex + i));
        return new JsonObject
        {
            ["transactionHash"] = RpcHex.Data(receipt.TransactionHash),
            ["transactionIndex"] = RpcHex.Quantity((ulong)receipt.TransactionIndex),
            ["blockHash"] = RpcHex.Data(block.Hash),
            ["blockNumber"] = RpcHex.Quantity(block.Number),
            ["from"] = RpcHex.Data(receipt.From),
            ["to"] = receipt.To is { } to ? RpcHex.Data(to) : null,
            ["cumulativeGasUsed"] = RpcHex.Quantity(receipt.CumulativeGasUsed),
            ["gasUsed"] = RpcHex.Quantity(receipt.GasUsed),
            ["effectiveGasPrice"] = RpcHex.Quantity(receipt.EffectiveGasPrice),
            ["contractAddress"] = receipt.ContractAddress is { } created ? RpcHex.Data(created) : null,
            ["logs"] = logs,
            ["logsBloom"] = RpcHex.Data(receipt.Bloom.Bytes),
            ["type"] = RpcHex.Quantity((ulong)receipt.Type),
            ["status"] = receipt.Succeeded ? "0x1" : "0x0",
        };
    }

    public static JsonObject Log(Log log, DevnetBlock block, Hash256 transactionHash, int transactionIndex, int logIndex)
    {
        var topics = new JsonArray();
        foreach (var topic in log.Topics) topics.Add(RpcHex.Data(topic));
        return new JsonObject
        {
            ["address"] = RpcHex.Data(log.Address),
            ["topics"] = topics,
            ["data"] = RpcHex.Data(log.Data.Span),
            ["blockNumber"] = RpcHex.Quantity(block.Number),
            ["blockHash"] = RpcHex.Data(block.Hash),
            ["blockTimestamp"] = RpcHex.Quantity(block.Timestamp),
            ["transactionHash"] = RpcHex.Data(transactionHash),
            ["transactionIndex"] = RpcHex.Quantity((ulong)transactionIndex),
            ["logIndex"] = RpcHex.Quantity((ulong)logIndex),
            ["removed"] = false,
        };
    }
}
