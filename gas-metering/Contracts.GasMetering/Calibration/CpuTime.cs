using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Contracts.GasMetering.Calibration;

/// <summary>
/// CPU time of the calling thread, so measurements on a loaded machine count only the time this thread ran (wall
/// time would count every other process's share of the cores). Falls back to the process's CPU time off Linux.
/// </summary>
public static partial class CpuTime
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Nanoseconds of CPU time used by this thread so far.</summary>
    public static long ThreadNanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out var time) == 0)
            return time.Seconds * 1_000_000_000 + time.Nanoseconds;
        return (long)(Process.GetCurrentProcess().TotalProcessorTime.Ticks * (1_000_000_000.0 / TimeSpan.TicksPerSecond));
    }
}
