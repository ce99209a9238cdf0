using System.Globalization;

namespace Contracts.Engine.Benchmarks.SharedBench;

/// <summary>
/// The peer timings published in ../shared/bench/README.md: per compute module the median ms of wasm3 and of
/// Wasmtime 50 on the reference machine, and the contract start-up table (µs). Read from the Markdown tables by
/// column title so a reordered table still parses.
/// </summary>
public sealed class PeerTimings
{
    private readonly Dictionary<string, (double Wasm3, double Wasmtime)> _computeMs = new(StringComparer.Ordinal);

    /// <summary>wasm3 and Wasmtime (.NET) µs for "new instance + call" and "call on an existing instance".</summary>
    public (double Wasm3, double Wasmtime)? ContractInstantiateAndCallMicros { get; private set; }
    public (double Wasm3, double Wasmtime)? ContractCallMicros { get; private set; }

    public bool TryGetComputeMs(string module, out double wasm3, out double wasmtime)
    {
        if (_computeMs.TryGetValue(module, out var timing))
        {
            (wasm3, wasmtime) = timing;
            return true;
        }
        wasm3 = wasmtime = 0;
        return false;
    }

    public static PeerTimings Read(string readmePath)
    {
        var timings = new PeerTimings();
        string[]? header = null;
        foreach (var line in File.ReadLines(readmePath))
        {
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (header is null)
            {
                header = cells;
                continue;
            }
            if (cells.All(c => c.Trim('-', ':').Length == 0)) continue;
            timings.ReadRow(header, cells);
        }
        return timings;
    }

    private void ReadRow(string[] header, string[] cells)
    {
        int wasm3 = Array.IndexOf(header, "wasm3");
        int wasmtime = Array.IndexOf(header, "Wasmtime 50");
        if (header[0] == "module" && wasm3 > 0 && wasmtime > 0 && cells.Length > Math.Max(wasm3, wasmtime)
            && LeadingNumber(cells[wasm3]) is { } w3 && LeadingNumber(cells[wasmtime]) is { } wt)
        {
            _computeMs[cells[0]] = (w3, wt);
            return;
        }
        if (header[0] == "engine" && cells.Length >= 3 && LeadingNumber(cells[1]) is { } create && LeadingNumber(cells[2]) is { } call)
        {
            if (cells[0] == "wasm3")
            {
                ContractInstantiateAndCallMicros = (create, ContractInstantiateAndCallMicros?.Wasmtime ?? 0);
                ContractCallMicros = (call, ContractCallMicros?.Wasmtime ?? 0);
            }
            else if (cells[0].StartsWith("Wasmtime", StringComparison.Ordinal))
            {
                ContractInstantiateAndCallMicros = (ContractInstantiateAndCallMicros?.Wasm3 ?? 0, create);
                ContractCallMicros = (ContractCallMicros?.Wasm3 ?? 0, call);
            }
        }
    }

    /// <summary>The number a cell starts with: "66 (0.17)" is 66, "10.8 µs" is 10.8, "35–41 µs" is 35.</summary>
    private static double? LeadingNumber(string cell)
    {
        int end = 0;
        while (end < cell.Length && (char.IsAsciiDigit(cell[end]) || cell[end] == '.')) end++;
        return end > 0 && double.TryParse(cell.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : null;
    }
}
