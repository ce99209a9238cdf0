using System.Text.Json;
using System.Xml.Linq;

namespace Contracts.Cli.Tests.Client;

/// <summary>
/// <c>trace</c> over a scripted <c>debug_traceTransaction</c> answer: the call tree with functions named by the
/// callee's embedded ABI, host calls and their gas, events, the trap; and the flame graph.
/// </summary>
public sealed class TraceTests
{
    private const string Hash = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private const string Counter = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private const string Other = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

    // add(7) on the counter: 30,000 gas, of which storage_load 2,100 and storage_store 5,000; it calls another
    // contract's get() (4,000 gas, which traps) and emits Incremented(by, 8).
    private static readonly string TraceJson = $$"""
        {
          "type": "CALL", "from": "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", "to": "{{Counter}}", "value": "0x0",
          "gas": "0x100000", "gasUsed": "0x7530",
          "input": "0x1003e2d2{{7.ToString("x64")}}", "output": "0x{{8.ToString("x64")}}",
          "hostCalls": [
            { "name": "storage_load", "gasBefore": "0x10000", "gasAfter": "0xf7cc", "result": "0x07" },
            { "name": "storage_store", "gasUsed": 5000, "result": "" }
          ],
          "logs": [ { "address": "{{Counter}}", "topics": [
              "{{TopicOfIncremented}}", "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266" ],
            "data": "0x{{8.ToString("x64")}}" } ],
          "calls": [ {
            "type": "CALL", "from": "{{Counter}}", "to": "{{Other}}", "gas": "0x8000", "gasUsed": "0xfa0",
            "input": "0x6d4ce63c", "output": "0x", "error": "trap",
            "trap": "unreachable in function 7 `other::get` at offset 0x1a2 of contract {{Other}}"
          } ]
        }
        """;

    private static string TopicOfIncremented => "0x" + Convert.ToHexStringLower(Contracts.Abi.AbiSelector.Hash("Incremented(address,uint256)"));

    private static ScriptedNode Node() => new(new Dictionary<string, string>
    {
        ["debug_traceTransaction"] = TraceJson,
        ["eth_getCode"] = ScriptedNode.Quoted("0x" + Convert.ToHexStringLower(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "counter.wasm")))),
    });

    [Fact]
    public void The_tree_names_functions_by_the_abi_and_shows_host_calls_events_and_the_trap()
    {
        using var node = Node();
        var run = CliRun.Of("trace", Hash, "--rpc-url", node.Url);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("add(amount=7)", run.Output);
        Assert.Contains("gas 30,000 (itself 26,000)", run.Output);
        Assert.Contains("host storage_load  gas 2,100", run.Output);
        Assert.Contains("host storage_store  gas 5,000", run.Output);
        Assert.Contains("event Incremented(by=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, value=8)", run.Output);
        Assert.Contains("trap unreachable in function 7 `other::get` at offset 0x1a2", run.Output);
        Assert.Equal(Hash, node.Requests("debug_traceTransaction").Single()[0].GetString());
    }

    [Fact]
    public void The_gas_table_lists_each_functions_own_gas()
    {
        using var node = Node();
        var run = CliRun.Of("trace", Hash, "--rpc-url", node.Url);
        // add itself: 30,000 − 4,000 (the call) − 7,100 (host calls) = 18,900.
        var addRow = run.OutputLines.Single(line => line.TrimStart().StartsWith("add @0x5fbd", StringComparison.Ordinal));
        Assert.Contains("18,900", addRow);
        Assert.Contains("63.0%", addRow);
    }

    [Fact]
    public void The_flame_graph_is_svg_that_parses_and_names_the_hot_function()
    {
        using var node = Node();
        var path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():n}.svg");
        try
        {
            var run = CliRun.Of("trace", Hash, "--flamegraph", path, "--rpc-url", node.Url);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("hottest: add @0x5fbd", run.Error);
            var svg = XDocument.Load(path);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            var titles = svg.Descendants(ns + "title").Select(t => t.Value).ToArray();
            Assert.Contains(titles, t => t.StartsWith("add @0x5fbd…0aa3: 30,000 gas (100%)", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.StartsWith("storage_store: 5,000 gas", StringComparison.Ordinal));
            Assert.Contains(titles, t => t.StartsWith("get @0xe7f1…0512: 4,000 gas", StringComparison.Ordinal));
            Assert.Empty(svg.Descendants(ns + "script"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_passes_the_nodes_trace_through()
    {
        using var node = Node();
        var run = CliRun.Of("trace", Hash, "--json", "--rpc-url", node.Url);
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal("0x7530", document.RootElement.GetProperty("gasUsed").GetString());
    }

    [Fact]
    public void A_node_without_debug_trace_transaction_exits_2_and_says_so()
    {
        using var node = new ScriptedNode(new Dictionary<string, string>());
        var run = CliRun.Of("trace", Hash, "--rpc-url", node.Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("has no debug_traceTransaction", run.Error);
    }
}
