using System.CommandLine;
using System.Text.Json.Nodes;
using Contracts.Abi;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>call ADDR METHOD [ARGS...]</c>: a read-only call (eth_call); nothing is sent or changed.</summary>
public static class CallCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The contract called.", HelpName = "ADDR" };
        var method = new Argument<string>("method")
        {
            Description = "A function of the contract's ABI by name (balanceOf), a signature with optional outputs "
                + "(balanceOf(address)(uint256)), or raw 0x calldata.",
            HelpName = "METHOD",
        };
        var arguments = new Argument<string[]>("args")
        {
            Description = "The method's arguments as text: integers in decimal or 0x hex, addresses, true/false, 0x bytes, strings, [arrays], (tuples).",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "ARGS",
        };
        var from = new Option<string>("--from") { Description = "The caller's address (msg.sender). Default: the zero address.", HelpName = "ADDR" };
        var value = new Option<string>("--value") { Description = "Wei the call carries (an integer, or e.g. 0.5ether).", HelpName = "V" };
        var abiFile = AbiOption.Create();
        var block = BlockOption.Create();
        var options = new NodeOptions();
        var command = options.AddTo(new Command("call", """
            Call METHOD on the contract at ADDR without sending a transaction (eth_call) and print what it returns,
            decoded with the contract's ABI (embedded in its code, or --abi), or as hex when no ABI describes it.
            A revert prints its decoded reason (Error(string), Panic(uint256), the contract's custom errors) and exits 5.
            Exit codes: 0 success, 2 bad input (malformed address, unknown method, missing ABI) or refused by the node,
            5 the call reverted or failed, 6 node unreachable.
            """)
        {
            address,
            method,
            arguments,
            from,
            value,
            abiFile,
            block,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: true, session =>
        {
            var to = ClientInput.Address(parseResult.GetRequiredValue(address));
            var abi = AbiOption.Read(parseResult, abiFile);
            var contractCall = ContractCall.Resolve(to, parseResult.GetRequiredValue(method), parseResult.GetValue(arguments) ?? [], abi, session.Abis);
            session.ContractAbi = contractCall.Abi;
            var call = new JsonObject { ["to"] = to, ["data"] = RpcHex.Data(contractCall.Data) };
            if (parseResult.GetValue(from) is { } caller) call["from"] = ClientInput.Address(caller, "--from");
            if (parseResult.GetValue(value) is { } wei) call["value"] = RpcHex.Quantity(ClientInput.Wei(wei, "--value"));
            var output = RpcHex.DecodeData(session.Client.Call("eth_call", call, BlockOption.Tag(parseResult, block)).GetString(), "the call's output");
            Print(session, contractCall.Function, output);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The output decoded by the function's outputs when it has some that decode it, else as hex.</summary>
    private static void Print(NodeSession session, AbiFunction? function, byte[] output)
    {
        object?[]? values = null;
        if (function is { Outputs.Count: > 0 })
        {
            try
            {
                values = function.DecodeOutput(output);
            }
            catch (AbiException e)
            {
                session.Error.WriteLine($"warning: the output does not decode as {function.Name}'s outputs ({e.Message}); shown as hex");
            }
        }
        if (session.Json)
        {
            var json = new JsonObject { ["output"] = RpcHex.Data(output) };
            if (function is not null) json["function"] = function.Signature;
            if (values is not null) json["decoded"] = AbiOutput.ToJson(function!.Outputs, values);
            ClientOutput.WriteJson(session.Output, json);
        }
        else if (values is not null)
        {
            foreach (var line in AbiOutput.Lines(function!.Outputs, values)) session.Output.WriteLine(line);
        }
        else
        {
            session.Output.WriteLine(RpcHex.Data(output));
        }
    }
}
