using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Cli.Commands.Client;

namespace Contracts.Cli.Client;

/// <summary>
/// The options of the commands that send transactions (<c>send</c>, <c>deploy</c>): who sends (<c>--from</c> a dev
/// account), how much value and gas, and the shared flow that sends it and reports the receipt.
/// </summary>
internal sealed class SenderOptions
{
    public Option<string> From { get; } = new("--from")
    {
        Description = "The sender: an index into the node's accounts (see 'contract-cli accounts') or an address the node signs for "
            + "(eth_sendTransaction). Default: 0, the first dev account.",
        HelpName = "INDEX|ADDR",
    };

    public Option<string> Value { get; } = new("--value")
    {
        Description = "Wei sent with the transaction: an integer, or a decimal with a unit (wei, gwei, ether), e.g. 0.5ether. Default: 0.",
        HelpName = "V",
    };

    public Option<ulong?> Gas { get; } = new("--gas-limit", "--gas")
    {
        Description = "Gas limit. Default: the node's estimate (a transaction that would revert is then refused before sending).",
        HelpName = "N",
    };

    public Command AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(Value);
        command.Options.Add(Gas);
        return command;
    }

    /// <summary>The transaction fields from the options: from (resolved to an address), value and gas when given.</summary>
    public JsonObject Fields(ParseResult parseResult, NodeSession session)
    {
        var fields = new JsonObject { ["from"] = ResolveSender(session.Client, parseResult.GetValue(From) ?? "0") };
        if (parseResult.GetValue(Value) is { } value) fields["value"] = RpcHex.Quantity(ClientInput.Wei(value, "--value"));
        if (parseResult.GetValue(Gas) is { } gas) fields["gas"] = RpcHex.Quantity(gas);
        return fields;
    }

    /// <summary>
    /// Sends, waits for the receipt and prints it (JSON or fields); a failed transaction prints its receipt too, then
    /// ends with exit code 5 and the reason.
    /// </summary>
    public static JsonElement SendAndReport(NodeSession session, JsonObject transaction, Action<JsonElement>? describeSuccess = null)
    {
        var receipt = TransactionSubmitter.SendUnlocked(session, transaction);
        bool succeeded = ReceiptCommand.Succeeded(receipt);
        if (session.Json) ClientOutput.WriteJson(session.Output, receipt);
        else if (succeeded && describeSuccess is not null) describeSuccess(receipt);
        else ReceiptCommand.Describe(CliConsole.Create(session.Output), receipt);
        if (!succeeded)
        {
            var hash = ClientOutput.Text(receipt, "transactionHash");
            throw new CliException(ExitCodes.TransactionFailed,
                $"error: transaction {hash} {TransactionSubmitter.FailureReason(session.Client, transaction, receipt)}");
        }
        return receipt;
    }

    private static string ResolveSender(JsonRpcClient client, string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return ClientInput.Address(text, "--from");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: --from '{text}' is neither an account index nor an address");
        var accounts = AccountsCommand.ReadAccounts(client);
        if (index >= accounts.Length)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, accounts.Length == 0
                ? "error: the node signs for no accounts; --from needs a dev node (contract-cli devnet, anvil)"
                : $"error: --from {index}: the node signs for {accounts.Length} accounts (0..{accounts.Length - 1})");
        }
        return accounts[index].ToLowerInvariant();
    }
}
