using System.Net;
using System.Net.Sockets;

namespace Contracts.Cli.Tests.Client;

/// <summary>Loopback ports for tests: one the OS just handed out and nothing listens on any more.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A URL where nothing answers (connection refused).</summary>
    public static string DeadUrl() => $"http://127.0.0.1:{Next()}";
}
