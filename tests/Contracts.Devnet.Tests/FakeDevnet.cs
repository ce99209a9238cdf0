using Contracts.Devnet.Accounts;
using Contracts.Devnet.Node;
using Contracts.Devnet.Server;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Tests;

/// <summary>A devnet server on a free loopback port over a <see cref="FakeChain"/> with the dev accounts funded.</summary>
internal sealed class FakeDevnet : IAsyncDisposable
{
    public static readonly UInt256 Funds = UInt256.FromBigInteger(System.Numerics.BigInteger.Pow(10, 22));

    private FakeDevnet(DevnetServer server, FakeChain chain)
    {
        Server = server;
        Chain = chain;
        Client = new RpcClient(server.Url);
    }

    public DevnetServer Server { get; }

    public FakeChain Chain { get; }

    public RpcClient Client { get; }

    public static async Task<FakeDevnet> StartAsync(DevnetOptions? options = null)
    {
        var chain = new FakeChain(DevAccounts.List.Select(a => (a.Address, Funds)));
        var server = await DevnetServer.StartAsync(chain, (options ?? new DevnetOptions()) with { Port = 0, Clock = () => 1_700_000_000 });
        return new FakeDevnet(server, chain);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
