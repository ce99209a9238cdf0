using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Contracts.Devnet.Benchmarks;

/// <summary>
/// A node under test in its own process on a free loopback port: <c>contract-cli devnet</c> (beside this program) or
/// anvil. <see cref="StartAsync"/> measures the start-up time the way a developer feels it: from spawning the
/// process to the first JSON-RPC answer. Disposing kills the process and deletes the data directory it was given.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly string? _dataDirectory;

    private NodeProcess(string name, Process process, Uri url, TimeSpan startup, string? dataDirectory)
    {
        Name = name;
        _process = process;
        _dataDirectory = dataDirectory;
        Url = url;
        Startup = startup;
    }

    public string Name { get; }

    public Uri Url { get; }

    /// <summary>From the spawn to the first answered <c>eth_chainId</c>.</summary>
    public TimeSpan Startup { get; }

    public static Task<NodeProcess> StartDevnetAsync(string? dataDirectory)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "contract-cli.dll"));
        info.ArgumentList.Add("devnet");
        if (dataDirectory is null) info.ArgumentList.Add("--in-memory");
        else
        {
            info.ArgumentList.Add("--data-dir");
            info.ArgumentList.Add(dataDirectory);
        }
        return StartAsync(dataDirectory is null ? "devnet (in memory)" : "devnet (RocksDB)", info, dataDirectory);
    }

    public static Task<NodeProcess> StartAnvilAsync(string anvil)
    {
        var info = new ProcessStartInfo(anvil);
        info.ArgumentList.Add("--quiet");
        return StartAsync("anvil", info);
    }

    private static async Task<NodeProcess> StartAsync(string name, ProcessStartInfo info, string? dataDirectory = null)
    {
        int port = FreePort();
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new JsonRpc(url, connections: 1);
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} before answering");
                if (watch.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{name} did not answer within 2 minutes");
                try
                {
                    await probe.CallAsync("eth_chainId");
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(2);
                }
            }
            return new NodeProcess(name, process, url, watch.Elapsed, dataDirectory);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}
