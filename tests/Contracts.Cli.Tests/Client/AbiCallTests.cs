using System.Text.Json;
using Contracts.Chain.Transactions;
using Contracts.Execution.Transactions;

namespace Contracts.Cli.Tests.Client;

/// <summary>
/// call, send and deploy encode arguments and decode results with the contract's ABI: the one embedded in its code
/// (read with eth_getCode), an --abi file, or a signature typed on the command line; raw 0x calldata otherwise.
/// </summary>
public sealed class AbiCallTests
{
    private const string Contract = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private const string DevAccount0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private const string DevKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private static string Word(int value) => $"\"0x{value:x64}\"";

    private static string CounterCode() =>
        ScriptedNode.Quoted("0x" + Convert.ToHexStringLower(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "counter.wasm"))));

    [Fact]
    public void A_method_name_is_encoded_and_its_result_decoded_with_the_abi_embedded_in_the_code()
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = CounterCode(), ["eth_call"] = Word(5) });
        var run = CliRun.Of("call", Contract, "add", "7", "--rpc-url", node.Url);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("5\n", run.Output);
        // add(uint256) = 0x1003e2d2, then 7 in a word.
        Assert.Equal("0x1003e2d2" + 7.ToString("x64"), node.Requests("eth_call").Single()[0].GetProperty("data").GetString());

        var json = CliRun.Of("call", Contract, "get", "--rpc-url", node.Url, "--json");
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("get()", document.RootElement.GetProperty("function").GetString());
        Assert.Equal("5", document.RootElement.GetProperty("decoded")[0].GetProperty("value").GetString());
        Assert.Equal("uint256", document.RootElement.GetProperty("decoded")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void A_signature_needs_no_abi()
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = "\"0x\"", ["eth_call"] = Word(1000) });
        var run = CliRun.Of("call", Contract, "balanceOf(address)(uint256)", DevAccount0, "--rpc-url", node.Url);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("1000\n", run.Output);
        Assert.Equal("0x70a08231000000000000000000000000" + DevAccount0[2..], node.Requests("eth_call").Single()[0].GetProperty("data").GetString());
    }

    [Fact]
    public void An_unknown_method_exits_2_and_lists_the_contracts_functions()
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = CounterCode() });
        var run = CliRun.Of("call", Contract, "decrement", "--rpc-url", node.Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown method 'decrement'", run.Error);
        Assert.Contains("increment()", run.Error);
        Assert.Empty(node.Requests("eth_call"));
    }

    [Theory]
    [InlineData("\"0x0061736d01000000\"", "no contracts.abi section")]
    [InlineData("\"0x\"", "no contract at")]
    public void A_method_name_without_an_abi_exits_2_and_says_what_to_pass(string code, string why)
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = code });
        var run = CliRun.Of("call", Contract, "get", "--rpc-url", node.Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(why, run.Error);
        Assert.Contains("--abi", run.Error);
    }

    [Fact]
    public void An_abi_file_stands_in_for_a_missing_embedded_abi()
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = "\"0x0061736d01000000\"", ["eth_call"] = Word(3) });
        var abi = Path.Combine(Path.GetTempPath(), $"cli-abi-{Guid.NewGuid():n}.txt");
        File.WriteAllText(abi, "// human-readable\nfunction get() view returns (uint256 count)\n");
        try
        {
            var run = CliRun.Of("call", Contract, "get", "--abi", abi, "--rpc-url", node.Url);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("3\n", run.Output);
        }
        finally
        {
            File.Delete(abi);
        }
    }

    [Fact]
    public void A_malformed_argument_names_the_parameter_and_its_type()
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = CounterCode() });
        var run = CliRun.Of("call", Contract, "add", "seven", "--rpc-url", node.Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("argument 1 amount of add(uint256) is not a uint256", run.Error);

        var count = CliRun.Of("call", Contract, "add", "--rpc-url", node.Url);
        Assert.Equal(2, count.ExitCode);
        Assert.Contains("add(uint256) takes 1 argument(s): amount (uint256); got 0", count.Error);
    }

    [Fact]
    public void Raw_calldata_is_sent_as_it_is_and_its_output_printed_as_hex_without_an_abi()
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = "\"0x\"", ["eth_call"] = "\"0xbeef\"" });
        var run = CliRun.Of("call", Contract, "0x12345678", "--rpc-url", node.Url);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("0xbeef\n", run.Output);
    }

    [Fact]
    public void Send_with_a_private_key_signs_an_eip1559_transaction_here_and_sends_it_raw()
    {
        const string hash = "0x1111111111111111111111111111111111111111111111111111111111111111";
        string receipt = $$"""{"transactionHash":"{{hash}}","status":"0x1","blockNumber":"0x4","gasUsed":"0x6000","logs":[]}""";
        using var node = new ScriptedNode(new Dictionary<string, string>
        {
            ["eth_getCode"] = CounterCode(),
            ["eth_estimateGas"] = "\"0x9000\"",
            ["eth_chainId"] = "\"0x7a69\"",
            ["eth_getTransactionCount"] = "\"0x3\"",
            ["eth_getBlockByNumber"] = """{"number":"0x3","baseFeePerGas":"0x3b9aca00"}""",
            ["eth_maxPriorityFeePerGas"] = "\"0x2\"",
            ["eth_sendRawTransaction"] = ScriptedNode.Quoted(hash),
            ["eth_getTransactionReceipt"] = receipt,
        });
        var run = CliRun.Of("send", Contract, "add", "7", "--private-key", DevKey0, "--value", "1gwei", "--rpc-url", node.Url);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Empty(node.Requests("eth_sendTransaction"));
        Assert.Equal(DevAccount0, node.Requests("eth_getTransactionCount").Single()[0].GetString());

        var raw = Convert.FromHexString(node.Requests("eth_sendRawTransaction").Single()[0].GetString()![2..]);
        var sent = TransactionEncoding.Decode(raw);
        Assert.Equal(TransactionType.DynamicFee, sent.Type);
        Assert.Equal(31337UL, sent.ChainId);
        Assert.Equal(3UL, sent.Nonce);
        Assert.Equal(0x9000UL, sent.GasLimit);
        Assert.Equal(2 * 1_000_000_000UL + 2, (ulong)sent.Unsigned.MaxFeePerGas);
        Assert.Equal(2UL, (ulong)sent.Unsigned.MaxPriorityFeePerGas);
        Assert.Equal(1_000_000_000UL, (ulong)sent.Value);
        Assert.Equal(Contract, "0x" + Convert.ToHexStringLower(ToBytes(sent.To!.Value)));
        Assert.Equal("1003e2d2" + 7.ToString("x64"), Convert.ToHexStringLower(sent.Data.Span));
        Assert.Equal(DevAccount0, "0x" + Convert.ToHexStringLower(ToBytes(SenderRecovery.Recover(sent))));
        Assert.Contains("1 (success)", run.Output);
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_or_invalid_private_key_exits_2(string key)
    {
        using var node = new ScriptedNode(new Dictionary<string, string> { ["eth_getCode"] = CounterCode() });
        var run = CliRun.Of("send", Contract, "increment", "--private-key", key, "--rpc-url", node.Url);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--private-key", run.Error);
        Assert.Empty(node.Requests("eth_sendRawTransaction"));
    }

    [Fact]
    public void Deploy_arguments_need_a_constructor_in_an_abi()
    {
        var module = CliRun.Module("values.wasm");
        var run = CliRun.Of("deploy", module, "5", "--rpc-url", FreePort.DeadUrl());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no contracts.abi section", run.Error);
    }

    private static byte[] ToBytes(Contracts.State.Primitives.Address address)
    {
        var bytes = new byte[20];
        address.CopyTo(bytes);
        return bytes;
    }
}
