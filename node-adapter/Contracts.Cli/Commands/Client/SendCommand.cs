using System.CommandLine;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>send ADDR METHOD [ARGS...] [--value V]</c>: a transaction calling a contract (or paying an account).</summary>
public static class SendCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The contract called, or the account paid.", HelpName = "ADDR" };
        var method = new Argument<string>("method")
        {
            Description = "A function of the contract's ABI by name, a signature (transfer(address,uint256)), or raw 0x calldata; omit to send only value.",
            HelpName = "METHOD",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var arguments = new Argument<string[]>("args")
        {
            Description = "The method's arguments as text (see 'call --help').",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "ARGS",
        };
        var abiFile = AbiOption.Create();
        var sender = new SenderOptions();
        var options = new NodeOptions();
        var command = options.AddTo(sender.AddTo(new Command("send", """
            Send a transaction to ADDR calling METHOD with ARGS (and --value wei), wait for its receipt and print it,
            with its logs decoded by the emitters' ABIs. Arguments are encoded with the contract's ABI (embedded in
            its code, or --abi). The gas is estimated first, so a transaction that would revert is refused with its
            reason and never sent.
            Exit codes: 0 success, 2 bad input (malformed address, unknown method, missing ABI), 5 the transaction
            reverted, failed or was refused, 6 node unreachable.
            """)
        {
            address,
            method,
            arguments,
            abiFile,
        }));
        command.SetAction(parseResult => options.Run(parseResult, transactional: true, session =>
        {
            var to = ClientInput.Address(parseResult.GetRequiredValue(address));
            byte[] data = [];
            if (parseResult.GetValue(method) is { } text)
            {
                var contractCall = ContractCall.Resolve(to, text, parseResult.GetValue(arguments) ?? [], AbiOption.Read(parseResult, abiFile), session.Abis);
                session.ContractAbi = contractCall.Abi;
                data = contractCall.Data;
            }
            var (transaction, key) = sender.Fields(parseResult, session);
            transaction["to"] = to;
            transaction["data"] = RpcHex.Data(data);
            SenderOptions.SendAndReport(session, transaction, key);
            return ExitCodes.Success;
        }));
        return command;
    }
}
