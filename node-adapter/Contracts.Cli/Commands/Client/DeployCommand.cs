using System.CommandLine;
using Contracts.Cli.Client;
using Contracts.Execution.Deployment;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>deploy FILE.wasm</c>: a transaction creating a contract; prints its address.</summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The contract: a .wasm module (or deploy data the node accepts).", HelpName = "FILE.wasm" };
        var constructorData = new Option<string>("--constructor-data")
        {
            Description = "Constructor arguments as 0x hex: deploys a deploy envelope (node-adapter/docs/host-abi.md) of the module and these bytes.",
            HelpName = "HEX",
        };
        var sender = new SenderOptions();
        var options = new NodeOptions();
        var command = options.AddTo(sender.AddTo(new Command("deploy", """
            Deploy the contract in FILE, wait for the receipt and print the new contract's address.
            Without constructor arguments the deploy data is the module itself; with them it is a deploy envelope.
            Exit codes: 0 success, 2 bad input or unreadable file, 5 the deployment reverted, failed or was refused,
            6 node unreachable.
            """)
        {
            file,
            constructorData,
        }));
        command.SetAction(parseResult => options.Run(parseResult, transactional: true, session =>
        {
            var path = parseResult.GetRequiredValue(file);
            var module = ModuleFile.Read(path);
            byte[] deployData = module;
            if (parseResult.GetValue(constructorData) is { } hex)
            {
                if (!module.AsSpan().StartsWith("\0asm"u8))
                    throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path} is not a Wasm module (no \\0asm header), so it cannot go in a deploy envelope");
                deployData = DeployData.Envelope(module, ClientInput.Data(hex, "--constructor-data"));
            }
            var transaction = sender.Fields(parseResult, session);
            transaction["data"] = RpcHex.Data(deployData);
            SenderOptions.SendAndReport(session, transaction, receipt =>
            {
                session.Output.WriteLine(ClientOutput.Text(receipt, "contractAddress"));
                session.Error.WriteLine($"deployed in transaction {ClientOutput.Text(receipt, "transactionHash")}, block {ClientOutput.Decimal(receipt, "blockNumber")}, gas used {ClientOutput.Decimal(receipt, "gasUsed")}");
            });
            return ExitCodes.Success;
        }));
        return command;
    }
}
