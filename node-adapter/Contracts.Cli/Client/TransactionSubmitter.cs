using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Chain.Transactions;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Cli.Client;

/// <summary>
/// Sends a transaction the way cast does: estimate its gas first (a transaction that would revert is refused with the
/// reason and never sent), submit it, then wait for its receipt. A receipt with status 0 is reported with the reason
/// found by replaying the call on the parent block's state.
/// </summary>
internal static class TransactionSubmitter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Sends <paramref name="transaction"/> (eth_sendTransaction fields: from, to, data, value, gas) and returns its
    /// receipt: signed here with <paramref name="key"/> and sent raw, or, without a key, signed by the node.
    /// </summary>
    public static JsonElement Send(NodeSession session, JsonObject transaction, byte[]? key)
    {
        if (!transaction.ContainsKey("gas")) transaction["gas"] = EstimateGas(session.Client, transaction);
        string? hash = key is null
            ? session.Client.Call("eth_sendTransaction", transaction).GetString()
            : session.Client.Call("eth_sendRawTransaction", RpcHex.Data(SignLocally(session.Client, transaction, key).Encoded.Span)).GetString();
        return WaitForReceipt(session, hash ?? throw new FormatException("the node answered no transaction hash"));
    }

    /// <summary>
    /// Signs <paramref name="transaction"/> as an EIP-1559 transaction for the node's chain id, at the sender's next
    /// nonce (counting its pending transactions), with a max fee of twice the latest base fee plus the node's
    /// suggested tip (as ethers and cast do); a node without a base fee (pre-London) gets a legacy one at its gas price.
    /// </summary>
    public static SignedTransaction SignLocally(JsonRpcClient client, JsonObject transaction, byte[] key)
    {
        var from = transaction["from"]!.GetValue<string>();
        ulong chainId = (ulong)RpcHex.ParseQuantity(client.Call("eth_chainId").GetString(), "the chain id");
        ulong nonce = (ulong)RpcHex.ParseQuantity(client.Call("eth_getTransactionCount", from, "pending").GetString(), "the nonce");
        var latest = client.Call("eth_getBlockByNumber", "latest", false);
        var unsigned = new UnsignedTransaction
        {
            ChainId = chainId,
            Nonce = nonce,
            GasLimit = (ulong)RpcHex.ParseQuantity(transaction["gas"]!.GetValue<string>(), "the gas"),
            To = transaction["to"] is { } to ? Address.FromHex(to.GetValue<string>()) : null,
            Value = transaction["value"] is { } value ? (UInt256)RpcHex.ParseQuantity(value.GetValue<string>(), "the value") : UInt256.Zero,
            Data = transaction["data"] is { } data ? RpcHex.DecodeData(data.GetValue<string>(), "the data") : [],
        };
        if (ClientOutput.Text(latest, "baseFeePerGas") is { } baseFeeText)
        {
            var baseFee = RpcHex.ParseQuantity(baseFeeText, "the base fee");
            var tip = RpcHex.ParseQuantity(client.Call("eth_maxPriorityFeePerGas").GetString(), "the priority fee");
            unsigned = unsigned with
            {
                Type = TransactionType.DynamicFee,
                MaxPriorityFeePerGas = (UInt256)tip,
                MaxFeePerGas = (UInt256)(2 * baseFee + tip),
            };
        }
        else
        {
            var gasPrice = RpcHex.ParseQuantity(client.Call("eth_gasPrice").GetString(), "the gas price");
            unsigned = unsigned with { Type = TransactionType.Legacy, GasPrice = (UInt256)gasPrice };
        }
        return TransactionSigner.Sign(unsigned, key);
    }

    /// <summary>eth_estimateGas; a revert surfaces as <see cref="JsonRpcErrorException"/> with the revert data.</summary>
    public static string EstimateGas(JsonRpcClient client, JsonObject transaction)
    {
        var estimate = RpcHex.ParseQuantity(client.Call("eth_estimateGas", transaction).GetString(), "the gas estimate");
        return RpcHex.Quantity(estimate);
    }

    /// <summary>Polls eth_getTransactionReceipt until the transaction is in a block, or the session's timeout passes.</summary>
    public static JsonElement WaitForReceipt(NodeSession session, string hash)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var receipt = session.Client.Call("eth_getTransactionReceipt", hash);
            if (receipt.ValueKind == JsonValueKind.Object) return receipt;
            if (clock.Elapsed >= session.Timeout)
            {
                throw new CliException(ExitCodes.TransactionFailed,
                    $"error: transaction {hash} was sent but no block included it within {session.Timeout.TotalSeconds:0.#} s; "
                    + $"check later with 'contract-cli receipt {hash}'");
            }
            Thread.Sleep(PollInterval);
        }
    }

    /// <summary>
    /// Why a mined transaction failed: the revert reason from replaying it with eth_call on its parent block, or a
    /// description of the failure when the replay succeeds (ran out of gas, or state changed earlier in its block).
    /// </summary>
    public static string FailureReason(JsonRpcClient client, JsonObject transaction, JsonElement receipt, Contracts.Abi.ContractAbi? abi)
    {
        var block = RpcHex.ParseQuantity(ClientOutput.Text(receipt, "blockNumber"), "the receipt's block number");
        var replay = new JsonObject();
        foreach (var (name, value) in transaction) replay[name] = value?.DeepClone();
        try
        {
            client.Call("eth_call", replay, RpcHex.Quantity(BigInteger.Max(block - 1, BigInteger.Zero)));
        }
        catch (JsonRpcErrorException e) when (e.IsRevert)
        {
            return "reverted: " + AbiOutput.RevertReason(e.RevertData ?? [], abi);
        }
        catch (JsonRpcErrorException e)
        {
            return $"failed: {e.RpcMessage}";
        }
        var gasUsed = ClientOutput.Decimal(receipt, "gasUsed");
        return $"failed (gas used {gasUsed}; replaying it on the parent block succeeds, so it likely ran out of gas or depended on an earlier transaction in its block)";
    }
}
