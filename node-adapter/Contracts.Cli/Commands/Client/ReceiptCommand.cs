using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;
using Spectre.Console;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>receipt HASH</c>: how a transaction ended — status, gas, created contract, logs (eth_getTransactionReceipt).</summary>
public static class ReceiptCommand
{
    public static Command Create()
    {
        var hash = new Argument<string>("hash") { Description = "The transaction's hash.", HelpName = "HASH" };
        var options = new NodeOptions();
        var command = options.AddTo(new Command("receipt", """
            Print a transaction's receipt: status, block, gas used, effective gas price, the contract it created and
            its logs. A reverted transaction's receipt is still printed with exit code 0 (use 'send' to act on failure).
            Exit codes: 0 success, 2 bad input, unknown or still pending transaction, 6 node unreachable.
            """)
        {
            hash,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var id = ClientInput.TransactionHash(parseResult.GetRequiredValue(hash));
            var receipt = session.Client.Call("eth_getTransactionReceipt", id);
            if (receipt.ValueKind == JsonValueKind.Null)
            {
                bool pending = session.Client.Call("eth_getTransactionByHash", id).ValueKind != JsonValueKind.Null;
                throw new CliException(ExitCodes.UsageOrLoadError, pending
                    ? $"error: transaction {id} is pending: it has no receipt until a block includes it"
                    : $"error: the node knows no transaction {id}");
            }
            if (session.Json) ClientOutput.WriteJson(session.Output, WithDecodedLogs(session, receipt));
            else Describe(session, CliConsole.Create(session.Output), receipt);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The receipt's fields then its logs; also used by <c>send</c> and <c>deploy</c>.</summary>
    internal static void Describe(NodeSession session, IAnsiConsole console, JsonElement receipt)
    {
        ClientOutput.WriteFields(console,
        [
            ("transaction", ClientOutput.Text(receipt, "transactionHash")),
            ("status", Status(receipt)),
            ("block", ClientOutput.Decimal(receipt, "blockNumber")),
            ("from", ClientOutput.Text(receipt, "from")),
            ("to", ClientOutput.Text(receipt, "to")),
            ("contract created", ClientOutput.Text(receipt, "contractAddress")),
            ("gas used", ClientOutput.Decimal(receipt, "gasUsed")),
            ("effective gas price", ClientOutput.Decimal(receipt, "effectiveGasPrice") is { } price ? price + " wei" : null),
            ("logs", receipt.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array
                ? logs.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
        ]);
        if (receipt.TryGetProperty("logs", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
            console.Write(LogsCommand.Table(session, list));
    }

    /// <summary>The receipt as JSON with each log decoded (an <c>event</c> member) where its emitter's ABI knows it.</summary>
    internal static JsonNode? WithDecodedLogs(NodeSession session, JsonElement receipt)
    {
        var json = JsonNode.Parse(receipt.GetRawText());
        if (json?["logs"] is JsonArray logs) LogsCommand.AddDecodedEvents(session, logs);
        return json;
    }

    /// <summary>"success" for status 1, "reverted/failed" for 0; pre-Byzantium receipts have a root instead.</summary>
    internal static string? Status(JsonElement receipt) => ClientOutput.Text(receipt, "status") switch
    {
        null => null,
        "0x1" => "1 (success)",
        "0x0" => "0 (reverted or failed)",
        var other => other,
    };

    internal static bool Succeeded(JsonElement receipt) => ClientOutput.Text(receipt, "status") == "0x1";
}
