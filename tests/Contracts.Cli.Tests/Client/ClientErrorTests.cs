namespace Contracts.Cli.Tests.Client;

/// <summary>The node client commands' errors: each is one clear line on standard error and its own exit code.</summary>
public sealed class ClientErrorTests
{
    private const string Account = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    [Theory]
    [InlineData("balance", Account)]
    [InlineData("accounts")]
    [InlineData("block", "latest")]
    [InlineData("code", Account)]
    public void An_unreachable_node_exits_6_with_a_hint(params string[] args)
    {
        string url = FreePort.DeadUrl();
        var run = CliRun.Of([.. args, "--rpc-url", url, "--timeout", "5"]);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("connection refused", run.Error);
        Assert.Contains(url.Replace("http://", ""), run.Error);
        Assert.Contains("contract-cli devnet", run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("0x123")]
    [InlineData("f39fd6e51aad88f6f4ce6ab8827279cfffb92266")]
    [InlineData("0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266")]
    public void A_malformed_address_exits_2_before_anything_is_sent(string address)
    {
        var run = CliRun.Of("balance", address, "--rpc-url", FreePort.DeadUrl());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{address}' is not an address", run.Error);
    }

    [Fact]
    public void A_mixed_case_address_with_a_wrong_checksum_names_the_right_one()
    {
        // EIP-55: the first dev account is 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266; flip the case of one letter.
        var run = CliRun.Of("balance", "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "--rpc-url", FreePort.DeadUrl());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("checksum", run.Error);
        Assert.Contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", run.Error);
    }

    [Fact]
    public void A_url_that_is_not_http_exits_2()
    {
        var run = CliRun.Of("accounts", "--rpc-url", "ftp://127.0.0.1:8545");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rpc-url", run.Error);
    }

    [Fact]
    public void A_server_that_is_not_a_json_rpc_node_counts_as_unreachable()
    {
        using var node = new FakeNode((_, _) => "<html>hello</html>");
        var run = CliRun.Of("accounts", "--rpc-url", node.Url);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("not JSON-RPC", run.Error);
    }

    [Fact]
    public void A_revert_of_a_call_exits_5_with_the_decoded_reason()
    {
        // Error(string) "insufficient balance", as geth answers eth_call: code 3 with the revert data.
        const string revert = "0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000014"
            + "696e73756666696369656e742062616c616e6365000000000000000000000000";
        using var node = new FakeNode((method, request) => method == "eth_call"
            ? FakeNode.Error(request, 3, "execution reverted", revert)
            : FakeNode.Error(request, -32601, "method not found"));
        var run = CliRun.Of("call", Account, "0x70a08231", "--rpc-url", node.Url);
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("execution reverted: insufficient balance", run.Error);
    }

    [Fact]
    public void A_request_the_node_refuses_exits_2_with_its_message()
    {
        using var node = new FakeNode((_, request) => FakeNode.Error(request, -32601, "the method eth_getCode does not exist"));
        var run = CliRun.Of("code", Account, "--rpc-url", node.Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Error);
        Assert.Contains("-32601", run.Error);
    }

    [Fact]
    public void Balance_prints_wei_and_ether_and_json()
    {
        using var node = new FakeNode((_, request) => FakeNode.Result(request, "\"0x14d1120d7b160000\""));
        var human = CliRun.Of("balance", Account, "--rpc-url", node.Url);
        Assert.Equal(0, human.ExitCode);
        Assert.Equal("1500000000000000000 wei (1.5 ETH)\n", human.Output);

        var json = CliRun.Of("balance", Account, "--rpc-url", node.Url, "--json");
        Assert.Equal(0, json.ExitCode);
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        Assert.Equal("1.5", document.RootElement.GetProperty("ether").GetString());
        Assert.Equal("1500000000000000000", document.RootElement.GetProperty("wei").GetString());
    }
}
