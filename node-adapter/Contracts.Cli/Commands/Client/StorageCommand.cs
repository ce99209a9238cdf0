using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>storage ADDR SLOT [--block B]</c>: one 32-byte storage word (eth_getStorageAt).</summary>
public static class StorageCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The contract.", HelpName = "ADDR" };
        var slot = new Argument<string>("slot") { Description = "The slot: a number below 2^256, decimal or 0x hex.", HelpName = "SLOT" };
        var block = BlockOption.Create();
        var options = new NodeOptions();
        var command = options.AddTo(new Command("storage", """
            Print the 32-byte word in storage slot SLOT of ADDR as hex, and as an unsigned decimal.
            Exit codes: 0 success, 2 bad input or refused by the node, 6 node unreachable.
            """)
        {
            address,
            slot,
            block,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var account = ClientInput.Address(parseResult.GetRequiredValue(address));
            var key = ClientInput.Slot(parseResult.GetRequiredValue(slot));
            var word = RpcHex.DecodeData(session.Client.Call("eth_getStorageAt", account, key, BlockOption.Tag(parseResult, block)).GetString(), "the storage word");
            var value = new System.Numerics.BigInteger(word, isUnsigned: true, isBigEndian: true);
            if (session.Json)
            {
                ClientOutput.WriteJson(session.Output, new JsonObject
                {
                    ["address"] = account,
                    ["slot"] = key,
                    ["value"] = RpcHex.Data(word),
                    ["decimal"] = value.ToString(CultureInfo.InvariantCulture),
                });
                return ExitCodes.Success;
            }
            session.Output.WriteLine($"{RpcHex.Data(word)} ({value})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
