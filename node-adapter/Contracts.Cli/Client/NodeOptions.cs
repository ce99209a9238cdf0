using System.CommandLine;
using System.Text.Json.Nodes;

namespace Contracts.Cli.Client;

/// <summary>
/// The options every node client command takes (<c>--rpc-url</c>, <c>--json</c>, <c>--timeout</c>) and the guard that
/// runs its body: an unreachable node exits <see cref="ExitCodes.NodeUnreachable"/>, a revert or a refused
/// transaction <see cref="ExitCodes.TransactionFailed"/>, bad input <see cref="ExitCodes.UsageOrLoadError"/>.
/// </summary>
internal sealed class NodeOptions
{
    public Option<string> RpcUrl { get; } = new("--rpc-url", "--rpc")
    {
        Description = $"JSON-RPC endpoint of the node (ours from 'contract-cli devnet', anvil, hardhat, geth). Default: {JsonRpcClient.DefaultUrl}.",
        HelpName = "URL",
        DefaultValueFactory = _ => JsonRpcClient.DefaultUrl,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of the human-readable form.",
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the node's answer (and, for send and deploy, for the receipt). Default: 30.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 30,
    };

    public NodeOptions()
    {
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 3600) result.AddError("--timeout must be above 0 and at most 3600 seconds");
        });
    }

    /// <summary>Adds the options to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(RpcUrl);
        command.Options.Add(Json);
        command.Options.Add(Timeout);
        return command;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a client for the node. <paramref name="transactional"/>: the command sends
    /// or simulates a transaction, so any error the node answers counts as the transaction failing (exit 5);
    /// otherwise it is a refused request (exit 2).
    /// </summary>
    public int Run(ParseResult parseResult, bool transactional, Func<NodeSession, int> body) =>
        CliApp.Guard(parseResult, (output, error) =>
        {
            var url = parseResult.GetRequiredValue(RpcUrl);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                throw new CliException(ExitCodes.UsageOrLoadError, $"error: --rpc-url '{url}' is not an http:// or https:// URL");
            var timeout = TimeSpan.FromSeconds(parseResult.GetValue(Timeout));
            using var client = new JsonRpcClient(endpoint, timeout);
            var session = new NodeSession(client, output, error, parseResult.GetValue(Json), timeout);
            try
            {
                return body(session);
            }
            catch (NodeUnreachableException e)
            {
                throw new CliException(ExitCodes.NodeUnreachable, $"error: {e.Message}\n"
                    + "  Is a node running? Start a local one with 'contract-cli devnet', or pass its URL with --rpc-url.");
            }
            catch (JsonRpcErrorException e) when (e.IsRevert)
            {
                var reason = AbiOutput.RevertReason(e.RevertData ?? [], session.ContractAbi);
                if (session.Json) ClientOutput.WriteJson(output, RevertJson(e, reason));
                throw new CliException(ExitCodes.TransactionFailed, $"error: execution reverted: {reason}");
            }
            catch (JsonRpcErrorException e)
            {
                string what = transactional ? "transaction failed" : "the node refused the request";
                throw new CliException(transactional ? ExitCodes.TransactionFailed : ExitCodes.UsageOrLoadError,
                    $"error: {what}: {e.RpcMessage} ({e.Method}, JSON-RPC error {e.Code})");
            }
            catch (FormatException e)
            {
                throw new CliException(ExitCodes.NodeUnreachable, $"error: the node at {endpoint} does not speak Ethereum JSON-RPC: {e.Message}");
            }
        });

    private static JsonObject RevertJson(JsonRpcErrorException e, string reason) => new()
    {
        ["status"] = "reverted",
        ["reason"] = reason,
        ["data"] = e.RevertData is { } bytes ? RpcHex.Data(bytes) : null,
    };
}

/// <summary>What a client command's body works with: the node, the two output streams, and the output form.</summary>
internal sealed record NodeSession(JsonRpcClient Client, TextWriter Output, TextWriter Error, bool Json, TimeSpan Timeout)
{
    /// <summary>The ABIs embedded in the contracts this command meets.</summary>
    public ContractAbis Abis { get; } = new(Client);

    /// <summary>The ABI of the contract the command calls, once known: its custom errors decode a revert.</summary>
    public Contracts.Abi.ContractAbi? ContractAbi { get; set; }
}
