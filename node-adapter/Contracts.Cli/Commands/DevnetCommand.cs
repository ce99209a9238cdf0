using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Contracts.Abi;
using Contracts.Chain;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Node;
using Contracts.Devnet.Server;
using Contracts.Execution.ChainSpecs;

namespace Contracts.Cli.Commands;

/// <summary>
/// <c>contract-cli devnet</c>: a local node on 127.0.0.1 speaking Ethereum JSON-RPC over HTTP and WebSocket, on the
/// real chain (RocksDB data directory, or memory), with the 10 funded dev accounts of the standard test mnemonic
/// printed as anvil prints them. Runs until Ctrl-C or SIGTERM, then stops serving, lets the block being sealed
/// finish and closes the store.
/// </summary>
public static class DevnetCommand
{
    public const string DefaultDataDirectory = ".devnet";

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "RocksDB data directory (created when new; a restart continues its chain).", DefaultValueFactory = _ => DefaultDataDirectory, HelpName = "DIR" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep the chain in memory: nothing is written, everything is gone on exit." };
        var port = new Option<int>("--port", "-p") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8545, HelpName = "PORT" };
        var blockTime = new Option<double?>("--block-time", "-b") { Description = "Seal a block every S seconds (empty ones too) instead of one as soon as transactions arrive (automine).", HelpName = "S" };
        var chain = new Option<string?>("--chain") { Description = "Chain spec JSON file for the genesis and rules (default: the built-in devnet spec).", HelpName = "SPEC" };
        var chainId = new Option<ulong?>("--chain-id") { Description = "Chain id (default: the spec's, 31337 for the built-in one).", HelpName = "ID" };
        var command = new Command("devnet", """
            Start a local development node: Ethereum JSON-RPC 2.0 on http://127.0.0.1:PORT and ws://127.0.0.1:PORT
            (eth_*, net_*, web3_*, debug_traceTransaction, evm_*/anvil_*/hardhat_* helpers, eth_subscribe), the 10 dev
            accounts of the mnemonic "test test ... junk" funded, automine by default. Ctrl-C stops it cleanly.
            """)
        {
            dataDir,
            inMemory,
            port,
            blockTime,
            chain,
            chainId,
        };
        command.SetAction(parseResult => CliApp.Guard(parseResult, (output, _) =>
        {
            var settings = new DevnetSettings
            {
                DataDirectory = parseResult.GetValue(inMemory) ? null : parseResult.GetValue(dataDir),
                Port = parseResult.GetValue(port),
                BlockTime = parseResult.GetValue(blockTime) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                ChainSpecFile = parseResult.GetValue(chain),
                ChainId = parseResult.GetValue(chainId),
            };
            using var stop = new CancellationTokenSource();
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn(stop));
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn(stop));
            return RunAsync(settings, TextWriter.Synchronized(output), stop.Token).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static Action<PosixSignalContext> StopOn(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };

    /// <summary>Runs a devnet until <paramref name="stop"/> is cancelled; returns the exit code.</summary>
    public static async Task<int> RunAsync(DevnetSettings settings, TextWriter output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.Port is < 0 or > 65535) throw new CliException(ExitCodes.UsageOrLoadError, $"error: --port must be 0..65535, not {settings.Port}");
        if (settings.BlockTime is { } interval && interval <= TimeSpan.Zero) throw new CliException(ExitCodes.UsageOrLoadError, "error: --block-time must be positive");
        DevnetServer server;
        try
        {
            // The spec is read and the chain opened while Kestrel starts (the first request waits for them).
            server = await DevnetServer.StartAsync(() => OpenChain(LoadSpec(settings), settings.DataDirectory), new DevnetOptions { Port = settings.Port, BlockTime = settings.BlockTime }, stop);
        }
        catch (IOException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot listen on 127.0.0.1:{settings.Port}: {e.Message}");
        }
        // The producer must not wait for the console (a slow terminal or a full pipe): it queues a line per block, and
        // a writer task prints what has queued up in one write.
        var chain = (BlockchainDevnetChain)server.Node.Chain;
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var printer = Task.Run(() => PrintAsync(lines.Reader, output));
        await using (server)
        {
            WriteBanner(output, server, chain, settings);
            server.Node.BlockSealed += sealedBlock =>
            {
                var block = sealedBlock.Block;
                if (block.Transactions.Count == 0 && settings.BlockTime is not null) return;
                lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture,
                    $"Block {block.Number}: {block.Transactions.Count} transaction{(block.Transactions.Count == 1 ? "" : "s")}, gas used {block.GasUsed}, hash {block.Hash}"));
            };
            server.Node.ProductionFailed += e => lines.Writer.TryWrite($"block production failed: {e.Message}");
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
            }
            lines.Writer.TryWrite("");
            lines.Writer.TryWrite("Shutting down...");
        }
        lines.Writer.Complete();
        await printer;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped at block {chain.Blockchain.Head.Number}, state root {chain.Blockchain.Head.StateRoot}"));
        return ExitCodes.Success;
    }

    private static async Task PrintAsync(ChannelReader<string> lines, TextWriter output)
    {
        var text = new StringBuilder();
        while (await lines.WaitToReadAsync())
        {
            text.Clear();
            while (lines.TryRead(out var line)) text.AppendLine(line);
            output.Write(text.ToString());
            output.Flush();
        }
    }

    private static ChainSpec LoadSpec(DevnetSettings settings)
    {
        if (settings.ChainSpecFile is not { } file) return ChainSpec.Devnet(settings.ChainId);
        ChainSpec spec;
        try
        {
            spec = ChainSpecReader.ReadFile(file);
        }
        catch (Exception e) when (e is ChainSpecException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: chain spec {file}: {e.Message}");
        }
        return settings.ChainId is { } id && id != spec.ChainId ? new ChainSpec(spec.Name, id, spec.Genesis, spec.Rules) : spec;
    }

    private static BlockchainDevnetChain OpenChain(ChainSpec spec, string? dataDirectory)
    {
        if (dataDirectory is null) return BlockchainDevnetChain.OpenInMemory(spec);
        try
        {
            return BlockchainDevnetChain.Open(spec, dataDirectory);
        }
        catch (ChainStoreException e)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: data directory {dataDirectory}: {e.Message} (use another --data-dir, or --in-memory)");
        }
        catch (Exception e) when (e is Contracts.State.Storage.StateStoreException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.UsageOrLoadError, $"error: cannot open data directory {dataDirectory}: {e.Message} (is another devnet using it?)");
        }
    }

    private static void WriteBanner(TextWriter output, DevnetServer server, BlockchainDevnetChain chain, DevnetSettings settings)
    {
        var node = server.Node;
        var head = chain.Head;
        var state = chain.StateAt(head.Number);
        output.WriteLine(node.Options.ClientVersion);
        output.WriteLine();
        output.WriteLine("Available Accounts");
        output.WriteLine("==================");
        foreach (var account in DevAccounts.List)
            output.WriteLine($"({account.Index}) {AbiValueFormatter.ToChecksumAddress(account.Address)} ({Ether(state.GetBalance(account.Address).ToBigInteger())} ETH)");
        output.WriteLine();
        output.WriteLine("Private Keys");
        output.WriteLine("==================");
        foreach (var account in DevAccounts.List) output.WriteLine($"({account.Index}) {account.PrivateKeyHex}");
        output.WriteLine();
        output.WriteLine("Wallet");
        output.WriteLine("==================");
        output.WriteLine($"Mnemonic:          {DevAccounts.Mnemonic}");
        output.WriteLine($"Derivation path:   {DevAccounts.DerivationPath}");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Chain ID
            ==================
            {chain.ChainId}

            Base Fee
            ==================
            {head.BaseFee}

            Gas Limit
            ==================
            {chain.BlockGasLimit}

            Chain
            ==================
            {chain.Blockchain.Spec.Name}, {(settings.DataDirectory is { } dir ? $"data directory {Path.GetFullPath(dir)} (RocksDB)" : "in memory")}
            head block {head.Number} {head.Hash}
            {(settings.BlockTime is { } interval ? $"block time {interval.TotalSeconds} s" : "automine")}

            """));
        output.WriteLine($"Listening on {server.Url.Host}:{server.Url.Port}");
        output.Flush();
    }

    private static string Ether(BigInteger wei)
    {
        var whole = BigInteger.DivRem(wei, BigInteger.Pow(10, 18), out var fraction);
        return $"{whole}.{fraction.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0')}";
    }
}

/// <summary>What <c>contract-cli devnet</c> was asked for.</summary>
public sealed record DevnetSettings
{
    /// <summary>The RocksDB data directory, or null for a chain in memory.</summary>
    public string? DataDirectory { get; init; } = DevnetCommand.DefaultDataDirectory;

    public int Port { get; init; } = 8545;

    public TimeSpan? BlockTime { get; init; }

    public string? ChainSpecFile { get; init; }

    public ulong? ChainId { get; init; }
}
