using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Abi;
using Contracts.Cli.Client;
using Spectre.Console;

namespace Contracts.Cli.Commands.Client;

/// <summary><c>logs [--address A]... [--from-block B] [--to-block B] [--topic T]...</c>: events matching a filter (eth_getLogs).</summary>
public static class LogsCommand
{
    public static Command Create()
    {
        var address = new Option<string[]>("--address")
        {
            Description = "Only logs emitted by this contract; repeat for any of several.",
            HelpName = "ADDR",
            AllowMultipleArgumentsPerToken = false,
        };
        var fromBlock = new Option<string>("--from-block")
        {
            Description = "First block searched: a number or tag. Default: earliest.",
            HelpName = "B",
            DefaultValueFactory = _ => "earliest",
        };
        var toBlock = new Option<string>("--to-block")
        {
            Description = "Last block searched: a number or tag. Default: latest.",
            HelpName = "B",
            DefaultValueFactory = _ => "latest",
        };
        var topics = new Option<string[]>("--topic")
        {
            Description = "Topic filter by position: the first --topic matches topic 0, the second topic 1, and so on. "
                + "Each is a 32-byte hex word, several separated by commas (any of them), an event signature such as "
                + "'Transfer(address,address,uint256)' (its topic 0), or 'any'.",
            HelpName = "T",
        };
        var options = new NodeOptions();
        var command = options.AddTo(new Command("logs", """
            Print the logs that match a filter, oldest first: block, transaction, log index, emitter, topics and data.
            Exit codes: 0 success (also when nothing matches), 2 bad input or refused by the node, 6 node unreachable.
            """)
        {
            address,
            fromBlock,
            toBlock,
            topics,
        });
        command.SetAction(parseResult => options.Run(parseResult, transactional: false, session =>
        {
            var filter = new JsonObject
            {
                ["fromBlock"] = RangeEnd(parseResult.GetRequiredValue(fromBlock), "--from-block"),
                ["toBlock"] = RangeEnd(parseResult.GetRequiredValue(toBlock), "--to-block"),
            };
            var addresses = parseResult.GetValue(address) ?? [];
            if (addresses.Length == 1) filter["address"] = ClientInput.Address(addresses[0], "--address");
            else if (addresses.Length > 1) filter["address"] = new JsonArray(addresses.Select(a => (JsonNode?)ClientInput.Address(a, "--address")).ToArray());
            var topicTexts = parseResult.GetValue(topics) ?? [];
            if (topicTexts.Length > 4) throw new CliException(ExitCodes.UsageOrLoadError, "error: a log has at most 4 topics; got 5 or more --topic");
            if (topicTexts.Length > 0) filter["topics"] = new JsonArray(topicTexts.Select(Topic).ToArray());

            var logs = session.Client.Call("eth_getLogs", filter);
            if (session.Json)
            {
                var json = JsonNode.Parse(logs.GetRawText());
                if (json is JsonArray list) AddDecodedEvents(session, list);
                ClientOutput.WriteJson(session.Output, json);
            }
            else if (logs.ValueKind == JsonValueKind.Array && logs.GetArrayLength() == 0) session.Output.WriteLine("no logs match");
            else CliConsole.Create(session.Output).Write(Table(session, logs));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Logs as a table: block, transaction hash (its ends), log index, emitter, then the event decoded with the emitter's
    /// embedded ABI, or its raw topics (one per line) and data when the ABI does not know it.
    /// </summary>
    internal static Table Table(NodeSession session, JsonElement logs)
    {
        var table = ClientOutput.NewTable("block", "transaction", "log", "address", "event / topics", "data");
        foreach (var log in logs.EnumerateArray())
        {
            var decoded = Decode(session, log);
            var topics = log.TryGetProperty("topics", out var list) && list.ValueKind == JsonValueKind.Array
                ? string.Join("\n", list.EnumerateArray().Select(t => t.GetString()))
                : "";
            table.AddRow(
                new Text(ClientOutput.Decimal(log, "blockNumber") ?? "pending"),
                new Text(ShortHash(ClientOutput.Text(log, "transactionHash"))),
                new Text(ClientOutput.Decimal(log, "logIndex") ?? ""),
                new Text(ClientOutput.Text(log, "address") ?? ""),
                new Text(decoded?.Text ?? topics),
                new Text(decoded is null ? ClientOutput.ShortData(ClientOutput.Text(log, "data")) : ""));
        }
        return table;
    }

    /// <summary>A transaction hash cut to its ends (0x1234abcd…89ef0123) so a decoded event keeps a line of its own; --json has it whole.</summary>
    private static string ShortHash(string? hash) => hash is { Length: 66 } ? $"{hash[..10]}…{hash[^8..]}" : hash ?? "";

    /// <summary>Adds an <c>event</c> member (name, signature, args) to each log its emitter's ABI decodes.</summary>
    internal static void AddDecodedEvents(NodeSession session, JsonArray logs)
    {
        foreach (var node in logs)
        {
            if (node is not JsonObject log) continue;
            using var document = JsonDocument.Parse(log.ToJsonString());
            if (Decode(session, document.RootElement) is { } decoded) log["event"] = decoded.Json;
        }
    }

    private static (string Text, JsonObject Json)? Decode(NodeSession session, JsonElement log) =>
        ClientOutput.Text(log, "address") is { } emitter ? AbiOutput.DecodeLog(session.Abis.For(emitter), log) : null;

    private static string RangeEnd(string text, string what)
    {
        var selector = ClientInput.Block(text, what);
        if (selector.IsHash) throw new CliException(ExitCodes.UsageOrLoadError, $"error: {what} takes a block number or tag, not a hash");
        return selector.Value;
    }

    private static JsonNode? Topic(string text)
    {
        if (text.Equals("any", StringComparison.OrdinalIgnoreCase) || text == "_") return null;
        // An event signature stands for its topic 0: Transfer(address,address,uint256).
        if (text.Contains('(')) return RpcHex.Data(EventTopic(text));
        var words = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(TopicWord).ToArray();
        return words.Length == 1 ? words[0] : new JsonArray(words.Select(w => (JsonNode?)w).ToArray());
    }

    private static byte[] EventTopic(string text)
    {
        try
        {
            return AbiEvent.Parse(text).Topic;
        }
        catch (AbiException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: --topic '{text}' is not an event signature: {e.Message}");
        }
    }

    private static string TopicWord(string text)
    {
        var bytes = ClientInput.Data(text, "--topic");
        if (bytes.Length != 32) throw new CliException(ExitCodes.UsageOrLoadError, $"error: --topic '{text}' is {bytes.Length} bytes, not a 32-byte word");
        return RpcHex.Data(bytes);
    }
}
