using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Abi;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Execution.Calls;
using Contracts.Execution.Results;
using Contracts.Execution.Tracing;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// <c>debug_traceTransaction</c> (a mined transaction, run again on its block's state after the transactions before
/// it) and <c>debug_traceCall</c> (a call at a block), both as a call tree: geth's <c>callTracer</c> shape (type,
/// from, to, value, gas, gasUsed, input, output, error, revertReason, calls) extended with what a Wasm contract's
/// trace needs — each frame's host calls with their gas, its logs and debug messages, and a trap naming the
/// contract's own function and code offset. Frame gas is Wasm gas (the engine's fuel); the top frame adds the
/// transaction's gas in chain gas and the conversion. The shape is documented in node-adapter/docs/devnet.md.
/// </summary>
public sealed class TraceRpcModule(DevnetNode node)
{
    public void RegisterOn(JsonRpcDispatcher rpc)
    {
        EthRpcModule.Sync(rpc, "debug_traceTransaction", p =>
        {
            var hash = p.Hash(0);
            CheckTracer(p, 1);
            var trace = node.Read(c => c.TraceTransaction(hash));
            return trace is null ? throw RpcException.Server($"transaction {RpcHex.Data(hash)} not found") : Format(trace);
        });
        EthRpcModule.Sync(rpc, "debug_traceCall", p =>
        {
            var request = CallRequest.Parse(p[0], 0);
            var selector = BlockSelector.Parse(p, 1);
            CheckTracer(p, 2);
            return Format(node.Read(c => c.TraceCall(request.ToCall(c.ChainId, c.BlockGasLimit), selector.Require(c).Number)));
        });
    }

    /// <summary>The call tree is the one tracer: no options, or <c>{"tracer": "callTracer"}</c>.</summary>
    private static void CheckTracer(RpcParams p, int index)
    {
        if (!p.Has(index)) return;
        var options = p[index];
        if (options.ValueKind != JsonValueKind.Object) throw RpcException.InvalidParams($"invalid argument {index}: a trace options object expected");
        if (options.TryGetProperty("tracer", out var tracer) && tracer.ValueKind == JsonValueKind.String && tracer.GetString() != "callTracer")
            throw RpcException.Server($"tracer {tracer.GetString()} is not supported: the devnet traces call trees (callTracer)");
    }

    public static JsonObject Format(TransactionTrace trace)
    {
        var result = trace.Result;
        var top = trace.Root is { } root ? Frame(root) : new JsonObject
        {
            ["type"] = trace.Transaction.To is null ? "CREATE" : "CALL",
            ["from"] = RpcHex.Data(trace.Transaction.Sender),
            ["to"] = trace.Transaction.To is { } to ? RpcHex.Data(to) : result.ContractAddress is { } created ? RpcHex.Data(created) : null,
            ["value"] = RpcHex.Quantity(trace.Transaction.Value),
            ["gas"] = RpcHex.Quantity(0),
            ["gasUsed"] = RpcHex.Quantity(0),
            ["input"] = RpcHex.Data(trace.Transaction.Data.Span),
            ["output"] = RpcHex.Data(result.ReturnData.Span),
            ["hostCalls"] = new JsonArray(),
            ["logs"] = new JsonArray(),
            ["calls"] = new JsonArray(),
        };
        if (!result.Succeeded && !top.ContainsKey("error")) top["error"] = FailureText(result.Failure, result.Message);
        top["transactionHash"] = RpcHex.Data(trace.Transaction.Hash);
        top["transactionGasUsed"] = RpcHex.Quantity(result.GasUsed);
        top["wasmGasPerChainGas"] = trace.WasmGasPerChainGas;
        top["failed"] = !result.Succeeded;
        return top;
    }

    private static JsonObject Frame(TracedFrame frame)
    {
        var json = new JsonObject
        {
            ["type"] = frame.Kind switch
            {
                CallKind.Call => "CALL",
                CallKind.StaticCall => "STATICCALL",
                CallKind.Create => "CREATE",
                CallKind.Create2 => "CREATE2",
                _ => frame.Kind.ToString().ToUpperInvariant(),
            },
            ["from"] = RpcHex.Data(frame.From),
            ["to"] = RpcHex.Data(frame.To),
            ["value"] = RpcHex.Quantity(frame.Value),
            ["gas"] = RpcHex.Quantity((ulong)Math.Max(0, frame.Gas)),
            ["gasUsed"] = RpcHex.Quantity((ulong)Math.Max(0, frame.GasUsed)),
            ["input"] = RpcHex.Data(frame.Input),
            ["output"] = RpcHex.Data(frame.Output),
        };
        if (frame.Status != CallStatus.Success)
        {
            json["error"] = frame.Status == CallStatus.Reverted ? "execution reverted" : FailureText(frame.Failure, frame.Message);
            if (frame.Status == CallStatus.Reverted && RevertReason.TryDecode(frame.Output) is { } reason) json["revertReason"] = reason;
        }
        if (frame.Trap is { } trap) json["trap"] = trap;
        var hostCalls = new JsonArray();
        foreach (var call in frame.HostCalls)
        {
            hostCalls.Add(new JsonObject
            {
                ["name"] = call.Name,
                ["gas"] = RpcHex.Quantity((ulong)Math.Max(0, call.GasBefore)),
                ["gasUsed"] = RpcHex.Quantity((ulong)Math.Max(0, call.GasUsed)),
                ["result"] = call.Result,
            });
        }
        json["hostCalls"] = hostCalls;
        var logs = new JsonArray();
        foreach (var log in frame.Logs)
        {
            var topics = new JsonArray();
            foreach (var topic in log.Topics) topics.Add(RpcHex.Data(topic));
            logs.Add(new JsonObject { ["address"] = RpcHex.Data(log.Address), ["topics"] = topics, ["data"] = RpcHex.Data(log.Data.Span) });
        }
        json["logs"] = logs;
        if (frame.DebugMessages.Count > 0) json["debug"] = new JsonArray([.. frame.DebugMessages.Select(m => (JsonNode)m)]);
        json["calls"] = new JsonArray([.. frame.Children.Select(c => (JsonNode)Frame(c))]);
        return json;
    }

    private static string FailureText(ExecutionFailure failure, string message) =>
        failure == ExecutionFailure.OutOfGas ? "out of gas" : message.Length > 0 ? message : failure.ToString();
}
