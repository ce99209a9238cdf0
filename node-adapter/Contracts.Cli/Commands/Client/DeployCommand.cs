using System.CommandLine;
using Contracts.Abi;
using Contracts.Cli.Client;
using Contracts.Execution.Deployment;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>deploy FILE.wasm [ARGS...]</c>: a transaction creating a contract; prints its address.</summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The contract: a .wasm module (or a deploy envelope).", HelpName = "FILE.wasm" };
        var arguments = new Argument<string[]>("args")
        {
            Description = "The constructor's arguments as text, encoded with the ABI embedded in the module (or --abi).",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "ARGS",
        };
        var constructorData = new Option<string>("--constructor-data")
        {
            Description = "Constructor arguments as 0x hex, already ABI-encoded (instead of ARGS).",
            HelpName = "HEX",
        };
        var abiFile = AbiOption.Create();
        var sender = new SenderOptions();
        var options = new NodeOptions();
        var command = options.AddTo(sender.AddTo(new Command("deploy", """
            Deploy the contract in FILE, wait for the receipt and print the new contract's address.
            Without constructor arguments the deploy data is the module itself; with them (ARGS, encoded by the
            constructor's inputs in the module's contracts.abi section or --abi, or --constructor-data) it is a deploy
            envelope (node-adapter/docs/host-abi.md).
            Exit codes: 0 success, 2 bad input, unreadable file or missing ABI, 5 the deployment reverted, failed or
            was refused, 6 node unreachable.
            """)
        {
            file,
            arguments,
            constructorData,
            abiFile,
        }));
        command.SetAction(parseResult => options.Run(parseResult, transactional: true, session =>
        {
            var path = parseResult.GetRequiredValue(file);
            var code = ModuleFile.Read(path);
            var abi = AbiOption.Read(parseResult, abiFile) ?? AbiFiles.FromCode(code);
            session.ContractAbi = abi;
            var texts = parseResult.GetValue(arguments) ?? [];
            byte[]? constructorArguments = null;
            if (parseResult.GetValue(constructorData) is { } hex)
            {
                if (texts.Length > 0) throw new CliException(ExitCodes.UsageOrLoadError, "error: give constructor ARGS or --constructor-data, not both");
                constructorArguments = ClientInput.Data(hex, "--constructor-data");
            }
            else if (texts.Length > 0 || abi is { ConstructorInputs.Count: > 0 })
            {
                if (abi is null)
                {
                    throw new CliException(ExitCodes.UsageOrLoadError,
                        $"error: {path} has no {ContractAbiSection.Name} section to encode the constructor's arguments with; pass --abi FILE or --constructor-data HEX");
                }
                var values = ContractCall.ParseArguments("the constructor", abi.ConstructorInputs, texts);
                constructorArguments = abi.EncodeConstructorArguments(values);
            }
            byte[] deployData = code;
            if (constructorArguments is not null)
            {
                if (!code.AsSpan().StartsWith("\0asm"u8))
                    throw new CliException(ExitCodes.UsageOrLoadError, $"error: {path} is not a Wasm module (no \\0asm header), so it cannot go in a deploy envelope");
                deployData = DeployData.Envelope(code, constructorArguments);
            }
            var (transaction, key) = sender.Fields(parseResult, session);
            transaction["data"] = RpcHex.Data(deployData);
            SenderOptions.SendAndReport(session, transaction, key, receipt =>
            {
                session.Output.WriteLine(ClientOutput.Text(receipt, "contractAddress"));
                session.Error.WriteLine($"deployed in transaction {ClientOutput.Text(receipt, "transactionHash")}, block {ClientOutput.Decimal(receipt, "blockNumber")}, gas used {ClientOutput.Decimal(receipt, "gasUsed")}");
            });
            return ExitCodes.Success;
        }));
        return command;
    }
}
