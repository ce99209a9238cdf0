using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Devnet.Server;
using Contracts.Execution.ChainSpecs;

namespace Contracts.Devnet.Tests;

/// <summary>A devnet server on a free loopback port over the real chain, in memory or in a RocksDB data directory.</summary>
internal sealed class ChainDevnet : IAsyncDisposable
{
    private ChainDevnet(DevnetServer server, BlockchainDevnetChain chain)
    {
        Server = server;
        Chain = chain;
        Client = new RpcClient(server.Url);
    }

    public DevnetServer Server { get; }

    public BlockchainDevnetChain Chain { get; }

    public RpcClient Client { get; }

    public Uri Url => Server.Url;

    /// <summary>Starts a devnet on the built-in spec; <paramref name="dataDirectory"/> null keeps the chain in memory.</summary>
    public static async Task<ChainDevnet> StartAsync(string? dataDirectory = null, DevnetOptions? options = null)
    {
        var spec = ChainSpec.Devnet();
        var chain = dataDirectory is null ? BlockchainDevnetChain.OpenInMemory(spec) : BlockchainDevnetChain.Open(spec, dataDirectory);
        var server = await DevnetServer.StartAsync(chain, (options ?? new DevnetOptions()) with { Port = 0 });
        return new ChainDevnet(server, chain);
    }

    public static byte[] Contract(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contracts", name + ".wasm"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>A temporary directory removed when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("devnet-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
