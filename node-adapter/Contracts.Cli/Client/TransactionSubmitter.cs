using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    /// Sends <paramref name="transaction"/> (eth_sendTransaction fields: from, to, data, value, gas) from an account
    /// the node signs for and returns its receipt.
    /// </summary>
    public static JsonElement SendUnlocked(NodeSession session, JsonObject transaction)
    {
        if (!transaction.ContainsKey("gas")) transaction["gas"] = EstimateGas(session.Client, transaction);
        var hash = session.Client.Call("eth_sendTransaction", transaction).GetString()
            ?? throw new FormatException("eth_sendTransaction answered no hash");
        return WaitForReceipt(session, hash);
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
    public static string FailureReason(JsonRpcClient client, JsonObject transaction, JsonElement receipt)
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
            return "reverted: " + RevertReason.Describe(e.RevertData ?? []);
        }
        catch (JsonRpcErrorException e)
        {
            return $"failed: {e.RpcMessage}";
        }
        var gasUsed = ClientOutput.Decimal(receipt, "gasUsed");
        return $"failed (gas used {gasUsed}; replaying it on the parent block succeeds, so it likely ran out of gas or depended on an earlier transaction in its block)";
    }
}
