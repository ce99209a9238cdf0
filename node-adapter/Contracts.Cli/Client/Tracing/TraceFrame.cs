using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Contracts.Cli.Client.Tracing;

/// <summary>
/// One call frame of a transaction's trace as <c>debug_traceTransaction</c> answers it: geth's call-tracer shape
/// (<c>type, from, to, value, gas, gasUsed, input, output, error, revertReason, calls, logs</c>) with what a Wasm
/// contract adds — its host calls with their gas, its debug messages and its trap (the function by name and the
/// offset). Read tolerantly: quantities as hex strings or JSON numbers, and members a node leaves out are empty.
/// </summary>
internal sealed class TraceFrame
{
    public string Kind { get; init; } = "CALL";
    public string? From { get; init; }
    public string? To { get; init; }
    public BigInteger Value { get; init; }
    public long Gas { get; init; }
    public long GasUsed { get; init; }
    public byte[] Input { get; init; } = [];
    public byte[] Output { get; init; } = [];
    public string? Error { get; init; }
    public string? RevertReason { get; init; }
    public string? Trap { get; init; }
    public IReadOnlyList<TraceHostCall> HostCalls { get; init; } = [];
    public IReadOnlyList<JsonElement> Logs { get; init; } = [];
    public IReadOnlyList<string> DebugMessages { get; init; } = [];
    public IReadOnlyList<TraceFrame> Calls { get; init; } = [];

    public bool Failed => Error is not null || Trap is not null;

    /// <summary>Gas the frame spent itself: its total less what its sub-calls used (host calls are part of "itself").</summary>
    public long SelfGas => Math.Max(0, GasUsed - Calls.Sum(c => c.GasUsed));

    /// <summary>Reads a frame (and its sub-calls) from the node's JSON.</summary>
    public static TraceFrame Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new FormatException("the trace is not a JSON object (a call frame)");
        return new TraceFrame
        {
            Kind = Text(json, "type")?.ToUpperInvariant() ?? "CALL",
            From = Text(json, "from"),
            To = Text(json, "to"),
            Value = Quantity(json, "value"),
            Gas = (long)Quantity(json, "gas"),
            GasUsed = (long)Quantity(json, "gasUsed"),
            Input = Data(json, "input"),
            Output = Data(json, "output"),
            Error = Text(json, "error"),
            RevertReason = Text(json, "revertReason"),
            Trap = TrapText(json),
            HostCalls = Array(json, "hostCalls").Select(TraceHostCall.Parse).ToArray(),
            Logs = Array(json, "logs").Select(l => l.Clone()).ToArray(),
            DebugMessages = Array(json, "debug").Concat(Array(json, "debugMessages"))
                .Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText()).ToArray(),
            Calls = Array(json, "calls").Select(Parse).ToArray(),
        };
    }

    /// <summary>Every frame of the tree, depth first, with its depth (the root is 0).</summary>
    public IEnumerable<(TraceFrame Frame, int Depth)> Walk(int depth = 0)
    {
        yield return (this, depth);
        foreach (var call in Calls)
            foreach (var inner in call.Walk(depth + 1)) yield return inner;
    }

    private static string? TrapText(JsonElement json)
    {
        if (!json.TryGetProperty("trap", out var trap)) return null;
        return trap.ValueKind switch
        {
            JsonValueKind.String => trap.GetString(),
            JsonValueKind.Object => string.Join(" ", new[]
            {
                Text(trap, "message") ?? Text(trap, "kind") ?? "trap",
                Text(trap, "function") is { } function ? $"in {function}" : null,
                trap.TryGetProperty("offset", out var offset) ? $"at offset 0x{(long)QuantityOf(offset):x}" : null,
            }.Where(part => part is not null)),
            _ => null,
        };
    }

    internal static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static BigInteger Quantity(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? QuantityOf(value) : BigInteger.Zero;

    private static BigInteger QuantityOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out long n) ? n : BigInteger.Parse(value.GetRawText(), CultureInfo.InvariantCulture),
        JsonValueKind.String when RpcHex.TryParseQuantity(value.GetString(), out var hex) => hex,
        JsonValueKind.String when BigInteger.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var dec) => dec,
        _ => BigInteger.Zero,
    };

    private static byte[] Data(JsonElement json, string name) =>
        Text(json, name) is { } hex && RpcHex.TryDecodeData(hex, out var bytes) ? bytes : [];

    private static IEnumerable<JsonElement> Array(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}

/// <summary>One host call in a frame: the host function's name, the gas it cost and what it returned.</summary>
internal sealed record TraceHostCall(string Name, long GasUsed, string? Result)
{
    public static TraceHostCall Parse(JsonElement json)
    {
        long gasUsed = json.TryGetProperty("gasUsed", out _)
            ? (long)TraceFrame.Quantity(json, "gasUsed")
            : (long)(TraceFrame.Quantity(json, "gasBefore") - TraceFrame.Quantity(json, "gasAfter"));
        return new TraceHostCall(TraceFrame.Text(json, "name") ?? "(host call)", gasUsed, TraceFrame.Text(json, "result"));
    }
}
