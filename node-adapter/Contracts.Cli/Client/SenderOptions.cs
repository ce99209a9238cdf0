using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Contracts.Cli.Commands.Client;
using Contracts.Execution.Crypto;

namespace Contracts.Cli.Client;

/// <summary>
/// The options of the commands that send transactions (<c>send</c>, <c>deploy</c>): who sends — <c>--private-key</c>
/// (signed here, sent raw) or <c>--from</c> an account the node signs for — how much value and gas, and the shared
/// flow that sends it and reports the receipt.
/// </summary>
internal sealed class SenderOptions
{
    public Option<string> From { get; } = new("--from")
    {
        Description = "The sender: an index into the node's dev accounts (see 'contract-cli accounts') or an address the node signs for "
            + "(eth_sendTransaction). Default: 0, the first dev account, unless --private-key is given.",
        HelpName = "INDEX|ADDR",
    };

    public Option<string> PrivateKey { get; } = new("--private-key")
    {
        Description = "Sign here with this secp256k1 key (0x and 64 hex digits) and send the raw transaction (EIP-1559; "
            + "chain id, nonce and fees from the node). Works against any node, not only dev nodes.",
        HelpName = "KEY",
    };

    public Option<string> Value { get; } = new("--value")
    {
        Description = "Wei sent with the transaction: an integer, or a decimal with a unit (wei, gwei, ether), e.g. 0.5ether. Default: 0.",
        HelpName = "V",
    };

    public Option<ulong?> Gas { get; } = new("--gas-limit", "--gas")
    {
        Description = "Gas limit. Default: the node's estimate (a transaction that would revert is then refused before sending).",
        HelpName = "N",
    };

    public Command AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(PrivateKey);
        command.Options.Add(Value);
        command.Options.Add(Gas);
        return command;
    }

    /// <summary>
    /// The transaction's fields from the options — from (resolved to an address), value and gas when given — and the
    /// key to sign it with (null: the node signs).
    /// </summary>
    public (JsonObject Fields, byte[]? Key) Fields(ParseResult parseResult, NodeSession session)
    {
        byte[]? key = null;
        string from;
        if (parseResult.GetValue(PrivateKey) is { } keyText)
        {
            key = ParseKey(keyText);
            from = RpcHex.Data(KeyAddress(key));
            if (parseResult.GetValue(From) is { } fromText && fromText.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && ClientInput.Address(fromText, "--from") != from)
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: --from {fromText} is not the address of --private-key ({from})");
            if (parseResult.GetValue(From) is { } index && !index.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                throw new CliException(ExitCodes.UsageOrLoadError, "error: give either --private-key or --from INDEX, not both");
        }
        else
        {
            from = ResolveSender(session.Client, parseResult.GetValue(From) ?? "0");
        }
        var fields = new JsonObject { ["from"] = from };
        if (parseResult.GetValue(Value) is { } value) fields["value"] = RpcHex.Quantity(ClientInput.Wei(value, "--value"));
        if (parseResult.GetValue(Gas) is { } gas) fields["gas"] = RpcHex.Quantity(gas);
        return (fields, key);
    }

    /// <summary>
    /// Sends, waits for the receipt and prints it (JSON or fields); a failed transaction prints its receipt too, then
    /// ends with exit code 5 and the reason.
    /// </summary>
    public static System.Text.Json.JsonElement SendAndReport(NodeSession session, JsonObject transaction, byte[]? key,
        Action<System.Text.Json.JsonElement>? describeSuccess = null)
    {
        var receipt = TransactionSubmitter.Send(session, transaction, key);
        bool succeeded = ReceiptCommand.Succeeded(receipt);
        if (session.Json) ClientOutput.WriteJson(session.Output, ReceiptCommand.WithDecodedLogs(session, receipt));
        else if (succeeded && describeSuccess is not null) describeSuccess(receipt);
        else ReceiptCommand.Describe(session, CliConsole.Create(session.Output), receipt);
        if (!succeeded)
        {
            var hash = ClientOutput.Text(receipt, "transactionHash");
            throw new CliException(ExitCodes.TransactionFailed,
                $"error: transaction {hash} {TransactionSubmitter.FailureReason(session.Client, transaction, receipt, session.ContractAbi)}");
        }
        return receipt;
    }

    private static byte[] ParseKey(string text)
    {
        var digits = text.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        if (digits.Length != 64 || !digits.All(char.IsAsciiHexDigit))
            throw new CliException(ExitCodes.UsageOrLoadError, "error: --private-key is not a private key (0x and 64 hex digits)");
        return Convert.FromHexString(digits);
    }

    private static byte[] KeyAddress(byte[] key)
    {
        try
        {
            var address = Secp256k1.AddressOfPrivateKey(key);
            var bytes = new byte[20];
            address.CopyTo(bytes);
            return bytes;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, "error: --private-key is not a valid secp256k1 key (zero or not below the curve order)");
        }
    }

    private static string ResolveSender(JsonRpcClient client, string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return ClientInput.Address(text, "--from");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: --from '{text}' is neither an account index nor an address");
        var accounts = AccountsCommand.ReadAccounts(client);
        if (index >= accounts.Length)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, accounts.Length == 0
                ? "error: the node signs for no accounts; --from needs a dev node (contract-cli devnet, anvil), or sign with --private-key"
                : $"error: --from {index}: the node signs for {accounts.Length} accounts (0..{accounts.Length - 1})");
        }
        return accounts[index].ToLowerInvariant();
    }
}
