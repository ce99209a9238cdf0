using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Contracts.Devnet.Tests;

/// <summary>
/// <c>contract-cli devnet</c> as a child process on a free port (the product exactly as a developer runs it), so a
/// test can measure the node's own memory and kill it with SIGKILL. Disposing kills it if it still runs: no test
/// leaves a process behind.
/// </summary>
internal sealed class DevnetProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private DevnetProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; private set; }

    public int Id => _process.Id;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts a devnet on <paramref name="dataDirectory"/> (RocksDB), or in memory when null, and waits until it listens.</summary>
    public static DevnetProcess Start(string? dataDirectory, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "contract-cli.dll"));
        info.ArgumentList.Add("devnet");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        if (dataDirectory is null) info.ArgumentList.Add("--in-memory");
        else
        {
            info.ArgumentList.Add("--data-dir");
            info.ArgumentList.Add(dataDirectory);
        }
        var process = new Process { StartInfo = info };
        var devnet = new DevnetProcess(process, new Uri("http://127.0.0.1/"));
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            if (devnet._output.Count < 10_000) devnet._output.Enqueue(line);
            if (line.StartsWith("Listening on ", StringComparison.Ordinal)) listening.TrySetResult(new Uri("http://" + line["Listening on ".Length..].Trim() + "/"));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) devnet._output.Enqueue("ERR " + line);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            var limit = timeout ?? TimeSpan.FromSeconds(60);
            while (!listening.Task.IsCompleted)
            {
                if (process.HasExited) throw new Xunit.Sdk.XunitException($"the devnet exited with {process.ExitCode} before listening: {devnet.Output}");
                if (deadline.Elapsed > limit) throw new TimeoutException($"the devnet did not listen within {limit}: {devnet.Output}");
                Thread.Sleep(10);
            }
            devnet.Url = listening.Task.Result;
            return devnet;
        }
        catch
        {
            devnet.Dispose();
            throw;
        }
    }

    /// <summary>The largest resident set the process has had (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("no VmHWM in /proc status");
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: nothing in the process runs after it.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try { Kill(); }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
