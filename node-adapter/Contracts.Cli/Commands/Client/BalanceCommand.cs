using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>balance ADDR [--block B]</c>: an account's balance (eth_getBalance).</summary>
public static class BalanceCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The account.", HelpName = "ADDR" };
        var block = BlockOption.Create();
        var options = new NodeOptions();
        var command = options.AddTo(new Command("balance", """
            Print the balance of ADDR in wei and ether, at the latest block or at --block.
            Exit codes: 0 success, 2 bad input or refused by the node, 6 node unreachable.
            """)
        {
            address,
            block,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var account = ClientInput.Address(parseResult.GetRequiredValue(address));
            var at = BlockOption.Tag(parseResult, block);
            var wei = RpcHex.ParseQuantity(session.Client.Call("eth_getBalance", account, at).GetString(), "the balance");
            if (session.Json)
            {
                ClientOutput.WriteJson(session.Output, new JsonObject
                {
                    ["address"] = account,
                    ["block"] = at,
                    ["wei"] = wei.ToString(CultureInfo.InvariantCulture),
                    ["ether"] = ClientOutput.Ether(wei),
                });
            }
            else
            {
                session.Output.WriteLine(ClientOutput.WeiWithEther(wei));
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
