using System.Diagnostics;
using System.Text.Json;

namespace Contracts.Devnet.Tests.Clients;

/// <summary>
/// The README's tour, run for real: Foundry's <c>cast</c> and ethers v6 drive the devnet unchanged (deploy the sample
/// token as bare Wasm code, call, send, decode the Transfer event and a revert reason), and <c>quickstart.sh</c>, the
/// README's first command, does its whole job. <c>.ci/run</c> installs cast and the ethers client on a fresh machine;
/// elsewhere a missing tool skips its test, saying which and how to install it (under <c>CI=true</c> it fails).
/// </summary>
public sealed class ExternalClientTests
{
    private const string DeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string AliceKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private const string Alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string TokenWasm = Path.Combine(RepositoryRoot, "node-adapter", "samples", "token", "token.wasm");

    [SkippableFact]
    public async Task Cast_deploys_calls_sends_and_decodes_a_revert_reason()
    {
        string cast = RequireTool("cast", "npm install -g @foundry-rs/cast-linux-amd64");
        await using var devnet = await ChainDevnet.StartAsync();
        string rpc = devnet.Url.ToString().TrimEnd('/');
        string code = "0x" + Convert.ToHexString(File.ReadAllBytes(TokenWasm)).ToLowerInvariant();

        Assert.Equal("31337", (await RunAsync(cast, ["chain-id", "--rpc-url", rpc])).Output.Trim());

        var deploy = await RunAsync(cast, ["send", "--rpc-url", rpc, "--private-key", DeployerKey, "--json", "--create", code]);
        using var deployReceipt = JsonDocument.Parse(deploy.Output);
        Assert.Equal("0x1", deployReceipt.RootElement.GetProperty("status").GetString());
        string token = deployReceipt.RootElement.GetProperty("contractAddress").GetString()!;
        Assert.Equal(code, (await RunAsync(cast, ["code", "--rpc-url", rpc, token])).Output.Trim());

        Assert.Equal("\"Sample Token\"", (await RunAsync(cast, ["call", "--rpc-url", rpc, token, "name()(string)"])).Output.Trim());

        var transfer = await RunAsync(cast,
            ["send", "--rpc-url", rpc, "--private-key", DeployerKey, "--json", token, "transfer(address,uint256)", Alice, "1000"]);
        using var transferReceipt = JsonDocument.Parse(transfer.Output);
        Assert.Equal("0x1", transferReceipt.RootElement.GetProperty("status").GetString());
        var transferLog = Assert.Single(transferReceipt.RootElement.GetProperty("logs").EnumerateArray());
        Assert.Equal(
            (await RunAsync(cast, ["keccak", "Transfer(address,address,uint256)"])).Output.Trim(),
            transferLog.GetProperty("topics")[0].GetString());

        Assert.Equal("1000", (await RunAsync(cast, ["call", "--rpc-url", rpc, token, "balanceOf(address)(uint256)", Alice])).Output.Trim());

        // Alice holds 1000: sending more is refused at estimation with geth's error code 3 and the decoded reason.
        var refused = await RunAsync(cast,
            ["send", "--rpc-url", rpc, "--private-key", AliceKey, token, "transfer(address,uint256)", Bob, "5000"], expectSuccess: false);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("execution reverted: insufficient balance", refused.Output + refused.Error);
    }

    [SkippableFact]
    public async Task Ethers_deploys_with_a_contract_factory_sends_and_decodes_events_and_a_revert_reason()
    {
        string node = RequireTool("node", "apt-get install nodejs");
        string client = Path.Combine(RepositoryRoot, "tests", "Contracts.Devnet.Tests", "Clients", "ethers");
        RequireOrSkip(Directory.Exists(Path.Combine(client, "node_modules", "ethers")),
            $"ethers is not installed in {client}: run 'npm ci' there (.ci/run does)");
        await using var devnet = await ChainDevnet.StartAsync();

        var tour = await RunAsync(node, ["tour.mjs", devnet.Url.ToString().TrimEnd('/'), TokenWasm], workingDirectory: client);

        using var result = JsonDocument.Parse(tour.Output);
        var root = result.RootElement;
        Assert.Equal("31337", root.GetProperty("chainId").GetString());
        Assert.True(root.GetProperty("deployedCode").GetBoolean(), "eth_getCode returns the deployed code exactly as sent");
        Assert.Equal("Sample Token", root.GetProperty("name").GetString());
        Assert.Equal("SMPL", root.GetProperty("symbol").GetString());
        Assert.Equal(1, root.GetProperty("transferStatus").GetInt32());
        var transferEvent = root.GetProperty("transferEvent");
        Assert.Equal(Alice, transferEvent.GetProperty("to").GetString());
        Assert.Equal("1000", transferEvent.GetProperty("value").GetString());
        Assert.Equal("1000", root.GetProperty("aliceBalance").GetString());
        Assert.Equal("insufficient balance", root.GetProperty("revertReason").GetString());
    }

    [SkippableFact]
    public async Task The_quick_start_script_deploys_the_token_sends_transfers_and_prints_receipts_and_the_state_root()
    {
        string bash = RequireTool("bash", "apt-get install bash");
        // The contract-cli built beside this test (the project references it), so the script needs no build of its own.
        string cli = Path.Combine(AppContext.BaseDirectory, "contract-cli.dll");
        var run = await RunAsync(bash, ["quickstart.sh", "--no-build"], workingDirectory: RepositoryRoot,
            environment: new() { ["CONTRACT_CLI_DLL"] = cli });

        string output = run.Output;
        Assert.Contains("token: 0x5fbdb2315678afecb367f032d93f642f64180aa3", output);
        Assert.Equal(3, CountOf(output, "1 (success)"));
        Assert.Contains("alice    900", output);
        Assert.Contains("bob      350", output);
        Assert.Matches(@"state root\s+0x[0-9a-f]{64}", output);
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error);

    private static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string? workingDirectory = null, bool expectSuccess = true,
        Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within 2 minutes");
        }
        var result = new ProcessResult(process.ExitCode, await output, await error);
        if (expectSuccess && result.ExitCode != 0)
        {
            Assert.Fail($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}\n{result.Error}");
        }
        return result;
    }

    private static string RequireTool(string name, string install)
    {
        string? found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        RequireOrSkip(found is not null, $"'{name}' is not on PATH: {install} (.ci/run does)");
        return found!;
    }

    private static void RequireOrSkip(bool condition, string reason)
    {
        if (condition) return;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", reason);
        Skip.If(true, reason);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Contracts.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no Contracts.sln above {AppContext.BaseDirectory}");
    }
}
