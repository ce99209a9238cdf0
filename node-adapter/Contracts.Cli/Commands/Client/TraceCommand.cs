using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Cli.Client;
using Contracts.Cli.Client.Tracing;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Contracts.Cli.Commands.Client;

/// <summary>
/// <c>trace HASH [--flamegraph FILE.svg]</c>: how a transaction ran, from the node's <c>debug_traceTransaction</c>: the
/// call tree with each frame's function, gas and host calls, its events and a failure's trap.
/// </summary>
public static class TraceCommand
{
    public static Command Create()
    {
        var hash = new Argument<string>("hash") { Description = "The transaction's hash.", HelpName = "HASH" };
        var flamegraph = new Option<string>("--flamegraph")
        {
            Description = "Also draw the gas per function as a flame graph: a self-contained SVG that opens in a browser.",
            HelpName = "FILE.svg",
        };
        var options = new NodeOptions();
        var command = options.AddTo(new Command("trace", """
            Trace a mined transaction (debug_traceTransaction): the call tree, each frame with its function (named by
            the contract's embedded ABI), its gas (in all, and its own without its calls), its host calls with their
            gas and results, its events and debug messages, and a failure's revert reason or trap (with the
            contract's own function name and offset); then the gas per function. A failed transaction's trace is
            still printed with exit code 0.
            Exit codes: 0 success, 2 bad input, unknown transaction or a node without debug_traceTransaction,
            6 node unreachable.
            """)
        {
            hash,
            flamegraph,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var id = ClientInput.TransactionHash(parseResult.GetRequiredValue(hash));
            JsonElement json;
            try
            {
                json = session.Client.Call("debug_traceTransaction", id, new JsonObject { ["tracer"] = "callTracer" });
            }
            catch (JsonRpcErrorException e) when (e.Code == -32601)
            {
                throw new CliException(ExitCodes.UsageOrLoadError,
                    $"error: the node at {session.Client.Endpoint} has no debug_traceTransaction ({e.RpcMessage}); 'contract-cli devnet' serves it");
            }
            if (json.ValueKind == JsonValueKind.Null) throw new CliException(ExitCodes.UsageOrLoadError, $"error: the node knows no transaction {id}");
            var root = TraceFrame.Parse(json);
            var names = new TraceNames(session.Abis);

            if (parseResult.GetValue(flamegraph) is { } path)
            {
                var bars = FlameGraph.Build(root, names.Label);
                WriteFile(path, FlameGraph.ToSvg(bars, $"gas of transaction {id[..10]}…{id[^8..]}"));
                session.Error.WriteLine($"flame graph written to {path} (hottest: {FlameGraph.Hottest(bars).Name})");
            }
            if (session.Json) ClientOutput.WriteJson(session.Output, json);
            else Describe(CliConsole.Create(session.Output), session, json, root, names, id);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Describe(IAnsiConsole console, NodeSession session, JsonElement json, TraceFrame root, TraceNames names, string id)
    {
        var status = root.Trap is not null ? "trapped" : root.Error is not null ? $"failed: {root.Error}" : "success";
        console.Write(new Text(string.Create(CultureInfo.InvariantCulture, $"transaction {id}: {status}, {ChainGasLine(json)}Wasm gas used {root.GasUsed:N0}\n")));
        console.Write(new Text("(gas below is Wasm gas, the engine's fuel; the receipt's gas is chain gas, see node-adapter/docs/host-abi.md)\n"));
        var tree = new Tree(FrameLine(root, names));
        AddChildren(tree.AddNode, session, root, names);
        console.Write(tree);
        console.WriteLine();
        console.Write(GasTable(root, names));
    }

    /// <summary>The transaction's gas as the receipt counts it, when the node reports it (our devnet's trace does).</summary>
    private static string ChainGasLine(JsonElement json)
    {
        if (!json.TryGetProperty("transactionGasUsed", out var used) || used.ValueKind != JsonValueKind.String) return "";
        var gas = ulong.Parse(used.GetString().AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var ratio = json.TryGetProperty("wasmGasPerChainGas", out var r) && r.ValueKind == JsonValueKind.Number ? $" at {r.GetInt64():N0} Wasm gas per gas" : "";
        return string.Create(CultureInfo.InvariantCulture, $"gas used {gas:N0}{ratio}; ");
    }

    private static Markup FrameLine(TraceFrame frame, TraceNames names)
    {
        var gas = frame.Calls.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"gas {frame.GasUsed:N0} (itself {frame.SelfGas:N0})")
            : string.Create(CultureInfo.InvariantCulture, $"gas {frame.GasUsed:N0}");
        var value = frame.Value.IsZero ? "" : $", value {ClientOutput.WeiWithEther(frame.Value)}";
        var colour = frame.Failed ? "red" : "green";
        return new Markup($"[{colour}]{Markup.Escape(frame.Kind)}[/] {Markup.Escape(frame.From ?? "?")} → {Markup.Escape(frame.To ?? "(new contract)")} "
            + $"[bold]{Markup.Escape(names.Call(frame))}[/]  {gas}{Markup.Escape(value)}");
    }

    private static void AddChildren(Func<IRenderable, TreeNode> add, NodeSession session, TraceFrame frame, TraceNames names)
    {
        foreach (var host in frame.HostCalls)
        {
            var result = string.IsNullOrEmpty(host.Result) ? "" : $" → {ClientOutput.ShortData(host.Result, 32)}";
            add(new Markup(string.Create(CultureInfo.InvariantCulture, $"[blue]host[/] {Markup.Escape(host.Name)}  gas {host.GasUsed:N0}{Markup.Escape(result)}")));
        }
        foreach (var log in frame.Logs)
        {
            var emitter = ClientOutput.Text(log, "address") ?? frame.To;
            var decoded = emitter is null ? null : AbiOutput.DecodeLog(session.Abis.For(emitter), log);
            var text = decoded?.Text ?? "topics " + string.Join(", ", log.TryGetProperty("topics", out var topics) && topics.ValueKind == JsonValueKind.Array
                ? topics.EnumerateArray().Select(t => t.GetString()) : []) + $" data {ClientOutput.ShortData(ClientOutput.Text(log, "data"), 32)}";
            add(new Markup($"[yellow]event[/] {Markup.Escape(text)}"));
        }
        foreach (var message in frame.DebugMessages) add(new Markup($"[grey]debug[/] {Markup.Escape(message)}"));
        foreach (var call in frame.Calls)
        {
            var node = add(FrameLine(call, names));
            AddChildren(node.AddNode, session, call, names);
        }
        if (frame.Trap is not null) add(new Markup($"[red]trap[/] {Markup.Escape(frame.Trap)}"));
        else if (frame.Error is not null)
        {
            var reason = frame.RevertReason ?? (frame.Error.Contains("revert", StringComparison.OrdinalIgnoreCase)
                ? AbiOutput.RevertReason(frame.Output, names.AbiOf(frame)) : null);
            add(new Markup($"[red]{Markup.Escape(frame.Error)}[/]" + (reason is null ? "" : $": {Markup.Escape(reason)}")));
        }
    }

    /// <summary>Gas per function: each contract function's own gas (frames of the same function summed) and each host function's.</summary>
    private static Table GasTable(TraceFrame root, TraceNames names)
    {
        var rows = new Dictionary<string, (int Calls, long Gas, bool Host)>(StringComparer.Ordinal);
        foreach (var (frame, _) in root.Walk())
        {
            Add(names.Label(frame), frame.SelfGas - frame.HostCalls.Sum(h => h.GasUsed), host: false);
            foreach (var host in frame.HostCalls) Add(host.Name, host.GasUsed, host: true);
        }
        var table = ClientOutput.NewTable("function", "kind", "calls", "gas", "share");
        foreach (var (name, row) in rows.OrderByDescending(r => r.Value.Gas).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var share = root.GasUsed > 0 ? (100.0 * row.Gas / root.GasUsed).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";
            table.AddRow(new Text(name), new Text(row.Host ? "host" : "contract"), new Text(row.Calls.ToString(CultureInfo.InvariantCulture)),
                new Text(row.Gas.ToString("N0", CultureInfo.InvariantCulture)), new Text(share));
        }
        return table;

        void Add(string name, long gas, bool host)
        {
            rows.TryGetValue(name, out var row);
            rows[name] = (row.Calls + 1, row.Gas + Math.Max(0, gas), host);
        }
    }

    private static void WriteFile(string path, string content)
    {
        try
        {
            File.WriteAllText(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot write {path}: {e.Message}");
        }
    }
}
