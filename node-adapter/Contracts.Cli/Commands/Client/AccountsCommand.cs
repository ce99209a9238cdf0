using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;
using Spectre.Console;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>accounts</c>: the node's unlocked (dev) accounts with their balances (eth_accounts).</summary>
public static class AccountsCommand
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var command = options.AddTo(new Command("accounts", """
            List the accounts the node signs for (a devnet's prefunded dev accounts) by index, with their balances.
            The index is what 'send --from' and 'deploy --from' take.
            Exit codes: 0 success, 2 refused by the node, 6 node unreachable.
            """));
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var accounts = ReadAccounts(session.Client);
            var balances = accounts.Select(a => RpcHex.ParseQuantity(session.Client.Call("eth_getBalance", a, "latest").GetString(), "a balance")).ToArray();
            if (session.Json)
            {
                var list = new JsonArray();
                for (int i = 0; i < accounts.Length; i++)
                    list.Add(new JsonObject { ["index"] = i, ["address"] = accounts[i], ["wei"] = balances[i].ToString(CultureInfo.InvariantCulture) });
                ClientOutput.WriteJson(session.Output, list);
                return ExitCodes.Success;
            }
            if (accounts.Length == 0)
            {
                session.Output.WriteLine("the node signs for no accounts (use --private-key to send)");
                return ExitCodes.Success;
            }
            var table = ClientOutput.NewTable("#", "address", "balance (ETH)");
            for (int i = 0; i < accounts.Length; i++)
                table.AddRow(new Text(i.ToString(CultureInfo.InvariantCulture)), new Text(accounts[i]), new Text(ClientOutput.Ether(balances[i])));
            CliConsole.Create(session.Output).Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The node's accounts in its order (as eth_accounts gives them, EIP-55 checksummed when nodes send them so).</summary>
    internal static string[] ReadAccounts(JsonRpcClient client)
    {
        var result = client.Call("eth_accounts");
        if (result.ValueKind != JsonValueKind.Array) throw new FormatException("eth_accounts did not answer a list");
        return result.EnumerateArray().Select(a => a.GetString() ?? throw new FormatException("eth_accounts listed a non-string")).ToArray();
    }
}
