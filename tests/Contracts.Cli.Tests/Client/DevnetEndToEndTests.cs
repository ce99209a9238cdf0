using System.Numerics;
using System.Text.Json;
using System.Xml.Linq;

namespace Contracts.Cli.Tests.Client;

/// <summary>
/// The contract developer's day through the CLI's own code against a real in-process devnet: deploy the SDK's
/// sample token, call it, send transfers (signed by the node for --from, signed here for --private-key), read
/// receipts and logs with events decoded by the token's embedded ABI, see a revert's reason, and trace.
/// </summary>
public sealed class DevnetEndToEndTests(DevnetFixture devnet) : IClassFixture<DevnetFixture>
{
    // anvil's dev accounts 0 and 1 (test test … junk), which the devnet prefunds.
    private const string Account0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private const string Account1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Key0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private string DeployToken()
    {
        var run = devnet.Cli("deploy", DevnetFixture.Sample("token"), "--from", "0");
        Assert.True(run.ExitCode == 0, run.Error);
        var address = run.OutputLines.Single();
        Assert.Matches("^0x[0-9a-f]{40}$", address);
        return address;
    }

    private static string TransactionHash(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        using var receipt = JsonDocument.Parse(run.Output);
        return receipt.RootElement.GetProperty("transactionHash").GetString()!;
    }

    [Fact]
    public void Deploy_then_call_decodes_results_with_the_embedded_abi()
    {
        var token = DeployToken();
        var supply = devnet.Cli("call", token, "totalSupply");
        Assert.True(supply.ExitCode == 0, supply.Error);
        var total = BigInteger.Parse(supply.OutputLines.Single());
        Assert.True(total > 0);

        Assert.Equal(total.ToString(), devnet.Cli("call", token, "balanceOf", Account0).OutputLines.Single());
        Assert.Equal("0", devnet.Cli("call", token, "balanceOf(address)(uint256)", "0x000000000000000000000000000000000000dEaD").OutputLines.Single());
    }

    [Fact]
    public void Send_with_a_private_key_transfers_and_the_receipt_decodes_the_transfer_event()
    {
        var token = DeployToken();
        var hash = TransactionHash(devnet.Cli("send", token, "transfer", Account1, "1000", "--private-key", Key0, "--json"));

        Assert.Equal("1000", devnet.Cli("call", token, "balanceOf", Account1).OutputLines.Single());

        var receipt = devnet.Cli("receipt", hash);
        Assert.True(receipt.ExitCode == 0, receipt.Error);
        Assert.Contains("1 (success)", receipt.Output);
        Assert.True(receipt.Output.Contains($"Transfer(from={Account0}, to={Account1}, value=1000)"), receipt.Output);

        var json = devnet.Cli("receipt", hash, "--json");
        using var document = JsonDocument.Parse(json.Output);
        var decoded = document.RootElement.GetProperty("logs")[0].GetProperty("event");
        Assert.Equal("Transfer", decoded.GetProperty("name").GetString());
        Assert.Equal("1000", decoded.GetProperty("args")[2].GetProperty("value").GetString());
    }

    [Fact]
    public void Logs_filter_by_an_event_signature_and_decode()
    {
        var token = DeployToken();
        Assert.Equal(0, devnet.Cli("send", token, "transfer", Account1, "5", "--from", "0").ExitCode);
        Assert.Equal(0, devnet.Cli("send", token, "transfer", Account1, "6", "--from", "0").ExitCode);

        var logs = devnet.Cli("logs", "--address", token, "--topic", "Transfer(address,address,uint256)");
        Assert.True(logs.ExitCode == 0, logs.Error);
        Assert.Contains($"Transfer(from={Account0}, to={Account1}, value=5)", logs.Output);
        Assert.Contains($"Transfer(from={Account0}, to={Account1}, value=6)", logs.Output);
    }

    [Fact]
    public void A_transfer_that_would_revert_exits_5_with_the_contracts_reason()
    {
        var token = DeployToken();
        // Account 1 holds none of this token.
        var run = devnet.Cli("send", token, "transfer", Account0, "1", "--from", "1");
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("insufficient balance", run.Error);

        var call = devnet.Cli("call", token, "transfer", Account0, "1", "--from", Account1);
        Assert.Equal(5, call.ExitCode);
        Assert.Contains("execution reverted: insufficient balance", call.Error);
    }

    [Fact]
    public void An_unknown_method_on_a_deployed_contract_exits_2()
    {
        var token = DeployToken();
        var run = devnet.Cli("call", token, "mint", Account0, "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown method 'mint'", run.Error);
        Assert.Contains("transfer(address,uint256)", run.Error);
    }

    [Fact]
    public void Reads_of_accounts_balances_blocks_and_transactions()
    {
        var token = DeployToken();
        var hash = TransactionHash(devnet.Cli("send", token, "approve", Account1, "7", "--from", "0", "--json"));

        var accounts = devnet.Cli("accounts");
        Assert.True(accounts.ExitCode == 0, accounts.Error);
        Assert.Contains(Account1.ToLowerInvariant(), accounts.Output.ToLowerInvariant());
        Assert.Contains("ETH", devnet.Cli("balance", Account1).Output);
        Assert.Equal(0, devnet.Cli("block", "latest").ExitCode);
        Assert.Equal(0, devnet.Cli("tx", hash).ExitCode);
        var code = devnet.Cli("code", token, "--json");
        Assert.Equal(0, code.ExitCode);
        Assert.Contains("0x0061736d", code.Output); // the module as deployed: \0asm
    }

    [Fact]
    public void Trace_shows_the_call_tree_and_draws_a_flame_graph()
    {
        var token = DeployToken();
        var hash = TransactionHash(devnet.Cli("send", token, "transfer", Account1, "9", "--from", "0", "--json"));
        var svg = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():n}.svg");
        try
        {
            var run = devnet.Cli("trace", hash, "--flamegraph", svg);
            Assert.True(run.ExitCode == 0, run.Error);
            // The receipt's chain gas and the engine's Wasm gas are both named, so neither is mistaken for the other.
            Assert.Matches(@": success, gas used [\d,]+ at [\d,]+ Wasm gas per gas; Wasm gas used [\d,]+\n", run.Output);
            Assert.Contains("transfer(to=", run.Output);
            Assert.Contains("Transfer(from=", run.Output);
            Assert.Contains("flame graph written", run.Error);
            Assert.NotNull(XDocument.Load(svg).Root);
        }
        finally
        {
            File.Delete(svg);
        }
    }
}
