using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Contracts.Chain.Benchmarks;

/// <summary>
/// Samples what the process allocates, by type, from the runtime's own allocation ticks (one event per ~100 KB
/// allocated, naming the type that crossed the mark): <c>parts --allocations</c> prints the top types, so a change that
/// cuts allocations can be aimed without an external profiler.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null) return;
        int typeIndex = eventData.PayloadNames!.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0) return;
        long amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate((string)eventData.Payload[typeIndex]!, amount, (_, total) => total + amount);
    }

    /// <summary>Starts sampling from now (what was sampled before is dropped).</summary>
    public void Reset() => _bytesByType.Clear();

    public void Print(int top, long transfers)
    {
        Console.WriteLine($"| allocated type (sampled) | B/transfer |");
        Console.WriteLine("|---|---:|");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(e => e.Value).Take(top))
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"| {type} | {bytes / (double)transfers:N0} |"));
    }
}
