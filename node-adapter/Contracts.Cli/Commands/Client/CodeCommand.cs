using System.Buffers.Binary;
using System.CommandLine;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>code ADDR [--block B]</c>: the code at an address (eth_getCode), with what kind of code it is.</summary>
public static class CodeCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("address") { Description = "The account.", HelpName = "ADDR" };
        var block = BlockOption.Create();
        var options = new NodeOptions();
        var command = options.AddTo(new Command("code", """
            Print the code at ADDR as hex, after a line saying what it is: a Wasm module, a deploy envelope (module and
            constructor arguments, see node-adapter/docs/host-abi.md), other bytes, or no code (not a contract).
            Exit codes: 0 success, 2 bad input or refused by the node, 6 node unreachable.
            """)
        {
            address,
            block,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var account = ClientInput.Address(parseResult.GetRequiredValue(address));
            var hex = session.Client.Call("eth_getCode", account, BlockOption.Tag(parseResult, block)).GetString();
            var code = RpcHex.DecodeData(hex, "the code");
            if (session.Json)
            {
                ClientOutput.WriteJson(session.Output, new JsonObject
                {
                    ["address"] = account,
                    ["size"] = code.Length,
                    ["kind"] = Kind(code),
                    ["code"] = RpcHex.Data(code),
                });
                return ExitCodes.Success;
            }
            session.Output.WriteLine(Kind(code));
            if (code.Length > 0) session.Output.WriteLine(RpcHex.Data(code));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>What <paramref name="code"/> is, by its first bytes (the forms host-abi.md "Deployment" defines).</summary>
    internal static string Kind(ReadOnlySpan<byte> code)
    {
        if (code.IsEmpty) return "no code (an externally owned account, or nothing deployed here)";
        if (code.StartsWith("\0asm"u8)) return $"Wasm module, {code.Length} bytes";
        if (code.StartsWith("\0cxe"u8) && code.Length >= 9 && code[4] == 1)
        {
            uint module = BinaryPrimitives.ReadUInt32BigEndian(code[5..9]);
            if (module <= (uint)(code.Length - 9))
                return $"deploy envelope, {code.Length} bytes: Wasm module {module} bytes, constructor arguments {code.Length - 9 - (int)module} bytes";
        }
        return $"{code.Length} bytes (not a Wasm module or deploy envelope)";
    }
}
