using System.Collections.Concurrent;
using System.Diagnostics;

namespace Contracts.Tests.Shared;

/// <summary>
/// Starts a child process (a crash test's committing child) whose output lines are queued as they come, its error
/// lines prefixed "ERR ", so a test can wait for acknowledgements while the child runs and show its errors when it
/// dies. Linked into each test project that kills or limits children.
/// </summary>
internal static class ChildProcessLines
{
    public static Process Start(ProcessStartInfo info, ConcurrentQueue<string> lines)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var child = new Process { StartInfo = info };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) lines.Enqueue(e.Data);
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lines.Enqueue("ERR " + e.Data);
        };
        child.Start();
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }
}
