using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Contracts.Devnet.Rpc;

/// <summary>
/// <c>debug_memStats</c>: the node's memory, in the field names of geth's answer (Go's <c>runtime.MemStats</c>) where
/// .NET has the same quantity — <c>Alloc</c>/<c>HeapAlloc</c> (live managed heap), <c>TotalAlloc</c> (bytes ever
/// allocated), <c>HeapSys</c> (heap memory committed), <c>Sys</c> (the process's working set), <c>NumGC</c>,
/// <c>PauseTotalNs</c> — plus <c>PeakSys</c>, the largest working set the process has had. Lets a developer (and
/// the backlog test) watch the node's memory from outside.
/// </summary>
public static class MemoryStatsRpcModule
{
    public static void RegisterOn(JsonRpcDispatcher rpc) => EthRpcModule.Sync(rpc, "debug_memStats", _ => Read());

    public static JsonObject Read()
    {
        var info = GC.GetGCMemoryInfo();
        using var process = Process.GetCurrentProcess();
        long heap = GC.GetTotalMemory(forceFullCollection: false);
        return new JsonObject
        {
            ["Alloc"] = heap,
            ["HeapAlloc"] = heap,
            ["TotalAlloc"] = GC.GetTotalAllocatedBytes(),
            ["HeapSys"] = info.TotalCommittedBytes,
            ["Sys"] = process.WorkingSet64,
            ["PeakSys"] = process.PeakWorkingSet64,
            ["NumGC"] = GC.CollectionCount(0),
            ["PauseTotalNs"] = GC.GetTotalPauseDuration().Ticks * 100,
        };
    }
}
