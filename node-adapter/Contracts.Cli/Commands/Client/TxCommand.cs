using System.CommandLine;
using System.Text.Json;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>tx HASH</c>: a transaction as the node holds it (eth_getTransactionByHash).</summary>
public static class TxCommand
{
    public static Command Create()
    {
        var hash = new Argument<string>("hash") { Description = "The transaction's hash.", HelpName = "HASH" };
        var options = new NodeOptions();
        var command = options.AddTo(new Command("tx", """
            Print a transaction: its block (or pending), type, sender, recipient, nonce, value, gas, fees and input.
            Exit codes: 0 success, 2 bad input, unknown transaction or refused by the node, 6 node unreachable.
            """)
        {
            hash,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var id = ClientInput.TransactionHash(parseResult.GetRequiredValue(hash));
            var transaction = session.Client.Call("eth_getTransactionByHash", id);
            if (transaction.ValueKind == JsonValueKind.Null) throw new CliException(ExitCodes.UsageOrLoadError, $"error: the node knows no transaction {id}");
            if (session.Json)
            {
                ClientOutput.WriteJson(session.Output, transaction);
                return ExitCodes.Success;
            }
            var input = ClientOutput.Text(transaction, "input");
            ClientOutput.WriteFields(CliConsole.Create(session.Output),
            [
                ("hash", ClientOutput.Text(transaction, "hash")),
                ("block", ClientOutput.Decimal(transaction, "blockNumber") ?? "pending"),
                ("index", ClientOutput.Decimal(transaction, "transactionIndex")),
                ("type", TypeName(ClientOutput.Text(transaction, "type"))),
                ("from", ClientOutput.Text(transaction, "from")),
                ("to", ClientOutput.Text(transaction, "to") ?? "(contract creation)"),
                ("nonce", ClientOutput.Decimal(transaction, "nonce")),
                ("value", ClientOutput.Text(transaction, "value") is { } value ? ClientOutput.WeiWithEther(RpcHex.ParseQuantity(value, "value")) : null),
                ("gas limit", ClientOutput.Decimal(transaction, "gas")),
                ("gas price", ClientOutput.Decimal(transaction, "gasPrice") is { } price ? price + " wei" : null),
                ("max fee per gas", ClientOutput.Decimal(transaction, "maxFeePerGas") is { } max ? max + " wei" : null),
                ("max priority fee", ClientOutput.Decimal(transaction, "maxPriorityFeePerGas") is { } tip ? tip + " wei" : null),
                ("chain id", ClientOutput.Decimal(transaction, "chainId")),
                ("input", ClientOutput.ShortData(input)),
            ]);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string? TypeName(string? type) => type switch
    {
        null => null,
        "0x0" => "0 (legacy)",
        "0x1" => "1 (EIP-2930 access list)",
        "0x2" => "2 (EIP-1559 dynamic fee)",
        _ => type,
    };
}
