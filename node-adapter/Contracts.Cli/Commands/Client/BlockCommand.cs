using System.CommandLine;
using System.Text.Json;
using Contracts.Cli.Client;
using Spectre.Console;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>block [N|TAG|HASH] [--full]</c>: a block's header and its transactions (eth_getBlockByNumber / ByHash).</summary>
public static class BlockCommand
{
    public static Command Create()
    {
        var block = new Argument<string>("block")
        {
            Description = "A block number (decimal or 0x hex), a block hash, or latest, earliest, pending, safe, finalized.",
            HelpName = "N|TAG|HASH",
            DefaultValueFactory = _ => "latest",
        };
        var full = new Option<bool>("--full") { Description = "List each transaction's sender, recipient and value, not only its hash." };
        var options = new NodeOptions();
        var command = options.AddTo(new Command("block", """
            Print a block: number, hash, parent, time, gas, base fee, state root and its transactions. Default: latest.
            Exit codes: 0 success, 2 bad input, no such block or refused by the node, 6 node unreachable.
            """)
        {
            block,
            full,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var text = parseResult.GetRequiredValue(block);
            var selector = ClientInput.Block(text);
            bool withTransactions = parseResult.GetValue(full);
            var result = session.Client.Call(selector.IsHash ? "eth_getBlockByHash" : "eth_getBlockByNumber", selector.Value, withTransactions);
            if (result.ValueKind == JsonValueKind.Null) throw new CliException(ExitCodes.UsageOrLoadError, $"error: no block {text} on this chain");
            if (session.Json)
            {
                ClientOutput.WriteJson(session.Output, result);
                return ExitCodes.Success;
            }
            Describe(CliConsole.Create(session.Output), result);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Describe(IAnsiConsole console, JsonElement block)
    {
        var transactions = block.TryGetProperty("transactions", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
        int count = transactions.ValueKind == JsonValueKind.Array ? transactions.GetArrayLength() : 0;
        ClientOutput.WriteFields(console,
        [
            ("number", ClientOutput.Decimal(block, "number")),
            ("hash", ClientOutput.Text(block, "hash")),
            ("parent", ClientOutput.Text(block, "parentHash")),
            ("timestamp", ClientOutput.Timestamp(block, "timestamp")),
            ("miner", ClientOutput.Text(block, "miner")),
            ("gas used", ClientOutput.Decimal(block, "gasUsed")),
            ("gas limit", ClientOutput.Decimal(block, "gasLimit")),
            ("base fee", ClientOutput.Decimal(block, "baseFeePerGas") is { } fee ? fee + " wei" : null),
            ("state root", ClientOutput.Text(block, "stateRoot")),
            ("transactions root", ClientOutput.Text(block, "transactionsRoot")),
            ("receipts root", ClientOutput.Text(block, "receiptsRoot")),
            ("transactions", count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        if (count == 0) return;
        if (transactions[0].ValueKind == JsonValueKind.String)
        {
            foreach (var hash in transactions.EnumerateArray()) console.WriteLine("  " + hash.GetString());
            return;
        }
        var table = ClientOutput.NewTable("#", "hash", "from", "to", "value (wei)");
        int index = 0;
        foreach (var transaction in transactions.EnumerateArray())
        {
            table.AddRow(
                new Text((index++).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(ClientOutput.Text(transaction, "hash") ?? ""),
                new Text(ClientOutput.Text(transaction, "from") ?? ""),
                new Text(ClientOutput.Text(transaction, "to") ?? "(contract creation)"),
                new Text(ClientOutput.Decimal(transaction, "value") ?? ""));
        }
        console.Write(table);
    }
}
