using System.Text.Json;
using Contracts.Devnet.Accounts;
using Contracts.Devnet.Chain;
using Contracts.Devnet.Rpc;
using Contracts.Execution.ChainSpecs;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Tests;

/// <summary>
/// geth's state override set, the third parameter of eth_call and eth_estimateGas: balance, nonce, code, state and
/// stateDiff of any account, for that call only.
/// </summary>
public sealed class StateOverrideTests
{
    private static readonly string Alice = RpcHex.Data(DevAccounts.List[0].Address);
    private const string Poor = "0x00000000000000000000000000000000000a11ce";
    private const string Fresh = "0x00000000000000000000000000000000c0ffee00";
    private static readonly string Slot0 = "0x" + new string('0', 64);

    private static string Word(ulong value) => "0x" + value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_balance_override_lets_a_poor_sender_call_with_value_and_changes_nothing_after()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        var call = new { from = Poor, to = Alice, value = "0xde0b6b3a7640000" };
        var refused = await rpc.CallAsync("eth_call", call, "latest");
        Assert.True(refused.TryGetProperty("error", out _), refused.ToString());

        var overrides = new Dictionary<string, object> { [Poor] = new { balance = "0x56bc75e2d63100000" } };
        Assert.Equal("0x", (await rpc.ResultAsync("eth_call", call, "latest", overrides)).GetString());
        Assert.Equal("0x5208", (await rpc.ResultAsync("eth_estimateGas", call, "latest", overrides)).GetString());
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_getBalance", Poor, "latest")).GetString());
    }

    [Fact]
    public async Task Code_and_storage_overrides_run_a_contract_that_is_not_deployed()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        string code = RpcHex.Data(ChainDevnet.Contract("counter"));
        var read = new { from = Alice, to = Fresh, data = "0x00" };
        Assert.Equal("0x", (await rpc.ResultAsync("eth_call", read, "latest")).GetString()); // no code there: nothing runs

        var withCode = new Dictionary<string, object> { [Fresh] = new { code } };
        Assert.Equal(Word(0), (await rpc.ResultAsync("eth_call", read, "latest", withCode)).GetString());
        var withState = new Dictionary<string, object> { [Fresh] = new { code, state = new Dictionary<string, string> { [Slot0] = Word(41) } } };
        Assert.Equal(Word(41), (await rpc.ResultAsync("eth_call", read, "latest", withState)).GetString());
        var withDiff = new Dictionary<string, object> { [Fresh] = new { code, stateDiff = new Dictionary<string, string> { [Slot0] = Word(7) } } };
        Assert.Equal(Word(7), (await rpc.ResultAsync("eth_call", read, "latest", withDiff)).GetString());

        // Estimating the increment of the overridden contract costs more than a plain transfer, and the revert path
        // still answers with code 3.
        ulong gas = Convert.ToUInt64((await rpc.ResultAsync("eth_estimateGas", new { from = Alice, to = Fresh, data = "0x01" }, "latest", withCode)).GetString(), 16);
        Assert.True(gas > 21_000, $"estimate {gas}");
        var reverted = await rpc.CallAsync("eth_call", new { from = Alice, to = Fresh, data = "0x02" }, "latest", withCode);
        Assert.Equal(3, reverted.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("0x", (await rpc.ResultAsync("eth_getCode", Fresh, "latest")).GetString());
    }

    [Fact]
    public async Task A_state_diff_patches_a_deployed_contract_and_a_full_state_replacement_of_existing_storage_is_refused()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        string hash = (await rpc.ResultAsync("eth_sendTransaction", new { from = Alice, data = RpcHex.Data(ChainDevnet.Contract("counter")), gas = "0x4c4b40" })).GetString()!;
        string counter = (await rpc.ResultAsync("eth_getTransactionReceipt", hash)).GetProperty("contractAddress").GetString()!;
        await rpc.ResultAsync("eth_sendTransaction", new { from = Alice, to = counter, data = "0x01", gas = "0xf4240" });
        var read = new { to = counter, data = "0x00" };
        Assert.Equal(Word(1), (await rpc.ResultAsync("eth_call", read, "latest")).GetString());

        var diff = new Dictionary<string, object> { [counter] = new { stateDiff = new Dictionary<string, string> { [Slot0] = Word(99) } } };
        Assert.Equal(Word(99), (await rpc.ResultAsync("eth_call", read, "latest", diff)).GetString());
        Assert.Equal(Word(1), (await rpc.ResultAsync("eth_call", read, "latest")).GetString());

        var replace = new Dictionary<string, object> { [counter] = new { state = new Dictionary<string, string> { [Slot0] = Word(5) } } };
        var refused = await rpc.CallAsync("eth_call", read, "latest", replace);
        Assert.Equal(-32602, refused.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("stateDiff", refused.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Malformed_override_sets_are_invalid_params()
    {
        await using var devnet = await ChainDevnet.StartAsync();
        var rpc = devnet.Client;
        var call = new { to = Alice };
        object[] bad =
        [
            "0x01",
            new Dictionary<string, object> { ["0x1234"] = new { balance = "0x1" } },
            new Dictionary<string, object> { [Fresh] = new { balance = 5 } },
            new Dictionary<string, object> { [Fresh] = new { color = "0x1" } },
            new Dictionary<string, object> { [Fresh] = new { state = new Dictionary<string, string> { [Slot0] = Word(1) }, stateDiff = new Dictionary<string, string> { [Slot0] = Word(2) } } },
            new Dictionary<string, object> { [Fresh] = new { stateDiff = new Dictionary<string, string> { ["0x01"] = Word(1) } } },
        ];
        foreach (var overrides in bad)
        {
            foreach (var method in new[] { "eth_call", "eth_estimateGas" })
            {
                var answer = await rpc.CallAsync(method, call, "latest", overrides);
                Assert.True(answer.TryGetProperty("error", out var error), $"{method} {JsonSerializer.Serialize(overrides)}: {answer}");
                Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            }
        }
        Assert.Equal("0x0", (await rpc.ResultAsync("eth_blockNumber")).GetString()); // the node still serves
    }

    [Fact]
    public void Overrides_change_only_the_given_fields_of_a_private_state_view()
    {
        using var chain = BlockchainDevnetChain.OpenInMemory(ChainSpec.Devnet());
        var alice = DevAccounts.List[0].Address;
        var fresh = Address.FromHex(Fresh);
        var state = chain.Blockchain.StateAt(chain.Blockchain.Head);
        var balanceBefore = state.GetBalance(alice);
        BlockchainDevnetChain.ApplyOverrides(state, new Dictionary<Address, AccountOverride>
        {
            [alice] = new() { Nonce = 42 },
            [fresh] = new() { Balance = 7, Code = [0x00, 0x61, 0x73, 0x6d], StateDiff = new Dictionary<UInt256, UInt256> { [3] = 9 } },
        });
        Assert.Equal(42UL, state.GetNonce(alice));
        Assert.Equal(balanceBefore, state.GetBalance(alice));
        Assert.Equal((UInt256)7, state.GetBalance(fresh));
        Assert.Equal(new byte[] { 0x00, 0x61, 0x73, 0x6d }, state.GetCode(fresh));
        Assert.Equal((UInt256)9, state.GetSlot(fresh, 3));
        Assert.Equal(0UL, chain.StateAt(chain.Head.Number).GetNonce(alice)); // the chain's own state is untouched
    }
}
