using System.Text;
using Contracts.Cli;
using Contracts.Cli.Commands;

namespace Contracts.Devnet.Tests;

/// <summary><c>contract-cli devnet</c> in process: the banner, serving, a clean stop, and a restart from its data directory.</summary>
public sealed class DevnetCommandTests
{
    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly StringWriter _output = new();
        private readonly Task<int> _exit;

        public Run(DevnetSettings settings)
        {
            var output = TextWriter.Synchronized(_output);
            _exit = Task.Run(() => DevnetCommand.RunAsync(settings, output, _stop.Token));
        }

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public async Task<Uri> ListeningAsync()
        {
            for (int i = 0; i < 600; i++)
            {
                if (_exit.IsCompleted) await _exit;
                string text = Output;
                int at = text.IndexOf("Listening on ", StringComparison.Ordinal);
                if (at >= 0 && text.IndexOf('\n', at) is int end and > 0) return new Uri("http://" + text[(at + 13)..end].Trim() + "/");
                await Task.Delay(50);
            }
            throw new TimeoutException("the devnet did not start: " + Output);
        }

        public async Task<int> StopAsync()
        {
            _stop.Cancel();
            return await _exit;
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try { await _exit; }
            catch (CliException) { }
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Prints_the_dev_accounts_and_keys_like_anvil_serves_and_stops_cleanly()
    {
        await using var run = new Run(new DevnetSettings { DataDirectory = null, Port = 0 });
        using var rpc = new RpcClient(await run.ListeningAsync());
        Assert.Equal("0x7a69", (await rpc.ResultAsync("eth_chainId")).GetString());
        Assert.Equal(ExitCodes.Success, await run.StopAsync());
        string output = run.Output;
        Assert.Contains("(0) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000.000000000000000000 ETH)", output);
        Assert.Contains("(9) 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", output);
        Assert.Contains("(0) 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", output);
        Assert.Contains("test test test test test test test test test test test junk", output);
        Assert.Contains("31337", output);
        Assert.Contains("Shutting down", output);
        Assert.Contains("Stopped at block 0", output);
    }

    [Fact]
    public async Task A_restart_on_the_same_data_directory_continues_the_chain()
    {
        using var directory = new TempDirectory();
        var settings = new DevnetSettings { DataDirectory = directory.Path, Port = 0, ChainId = 1337 };
        await using (var run = new Run(settings))
        {
            using var rpc = new RpcClient(await run.ListeningAsync());
            await rpc.ResultAsync("eth_sendTransaction", new { from = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", to = "0x000000000000000000000000000000000000b0b0", value = "0x2a" });
            Assert.Equal(ExitCodes.Success, await run.StopAsync());
            Assert.Contains("Block 1: 1 transaction", run.Output);
        }
        await using (var run = new Run(settings))
        {
            using var rpc = new RpcClient(await run.ListeningAsync());
            Assert.Equal("0x539", (await rpc.ResultAsync("eth_chainId")).GetString());
            Assert.Equal("0x1", (await rpc.ResultAsync("eth_blockNumber")).GetString());
            Assert.Equal("0x2a", (await rpc.ResultAsync("eth_getBalance", "0x000000000000000000000000000000000000b0b0", "latest")).GetString());
            Assert.Contains("head block 1", run.Output);
        }

        // Another chain id on the same directory is a different chain: refused with a usage error.
        var refused = await Assert.ThrowsAsync<CliException>(() => DevnetCommand.RunAsync(settings with { ChainId = 5 }, TextWriter.Null, CancellationToken.None));
        Assert.Equal(ExitCodes.UsageOrLoadError, refused.ExitCode);
    }

    [Fact]
    public void Bad_options_are_usage_errors()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.UsageOrLoadError, CliApp.Run(["devnet", "--in-memory", "--port", "70000"], new StringWriter(), error));
        Assert.Contains("--port", error.ToString());
        Assert.Equal(ExitCodes.UsageOrLoadError, CliApp.Run(["devnet", "--in-memory", "--chain", "/nonexistent/spec.json"], new StringWriter(), new StringWriter()));
    }
}
