using System.CommandLine;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>call ADDR METHOD [ARGS...]</c>: a read-only call (eth_call); nothing is sent or changed.</summary>
public static class CallCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The contract called.", HelpName = "ADDR" };
        var method = new Argument<string>("method") { Description = "0x calldata.", HelpName = "METHOD" };
        var arguments = new Argument<string[]>("args") { Description = "The method's arguments.", Arity = ArgumentArity.ZeroOrMore, HelpName = "ARGS" };
        var from = new Option<string>("--from") { Description = "The caller's address (msg.sender). Default: the zero address.", HelpName = "ADDR" };
        var value = new Option<string>("--value") { Description = "Wei the call carries (an integer, or e.g. 0.5ether).", HelpName = "V" };
        var block = BlockOption.Create();
        var options = new NodeOptions();
        var command = options.AddTo(new Command("call", """
            Call METHOD on the contract at ADDR without sending a transaction (eth_call) and print what it returns.
            A revert prints its decoded reason (Error(string), Panic(uint256)) and exits 5.
            Exit codes: 0 success, 2 bad input or refused by the node, 5 the call reverted or failed, 6 node unreachable.
            """)
        {
            address,
            method,
            arguments,
            from,
            value,
            block,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: true, session =>
        {
            var to = ClientInput.Address(parseResult.GetRequiredValue(address));
            var data = CallData.Encode(parseResult.GetRequiredValue(method), parseResult.GetValue(arguments) ?? []);
            var call = new JsonObject { ["to"] = to, ["data"] = RpcHex.Data(data) };
            if (parseResult.GetValue(from) is { } caller) call["from"] = ClientInput.Address(caller, "--from");
            if (parseResult.GetValue(value) is { } wei) call["value"] = RpcHex.Quantity(ClientInput.Wei(wei, "--value"));
            var output = RpcHex.DecodeData(session.Client.Call("eth_call", call, BlockOption.Tag(parseResult, block)).GetString(), "the call's output");
            if (session.Json) ClientOutput.WriteJson(session.Output, new JsonObject { ["output"] = RpcHex.Data(output) });
            else session.Output.WriteLine(RpcHex.Data(output));
            return ExitCodes.Success;
        }));
        return command;
    }
}
