using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Devnet.Server;
using Contracts.Execution.ChainSpecs;

namespace Contracts.Cli.Tests.Client;

/// <summary>
/// A real devnet — the JSON-RPC server over the chain, in memory, automining — on a free loopback port, shared by
/// the tests of a class; the CLI's commands run against it in-process through <see cref="CliApp"/>.
/// </summary>
public sealed class DevnetFixture : IAsyncLifetime
{
    private DevnetServer? _server;

    /// <summary>The devnet's JSON-RPC URL.</summary>
    public string Url => _server?.Url.ToString() ?? throw new InvalidOperationException("the devnet has not started");

    public async Task InitializeAsync()
    {
        var chain = BlockchainDevnetChain.OpenInMemory(ChainSpec.Devnet());
        _server = await DevnetServer.StartAsync(chain, new DevnetOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>Runs <c>contract-cli</c> with <paramref name="args"/> against this devnet.</summary>
    public CliRun Cli(params string[] args) => CliRun.Of([.. args, "--rpc-url", Url]);

    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name + ".wasm");
}
