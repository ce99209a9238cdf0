using System.Numerics;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.Execution.Tracing;
using Contracts.State.Primitives;
using static Contracts.Samples.Tests.SampleChain;

namespace Contracts.Samples.Tests;

/// <summary>The ERC-20 sample (node-adapter/samples/token) deployed and driven through the execution layer.</summary>
public sealed class TokenTests
{
    /// <summary>1,000,000 tokens of 18 decimals, minted to the deployer.</summary>
    internal static readonly BigInteger Supply = BigInteger.Parse("1000000000000000000000000");

    private static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    [Fact]
    public void A_bare_module_deploys_it_and_the_deployer_holds_the_whole_supply()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);

        Assert.Empty(token.Abi.ConstructorInputs);
        Assert.Equal("Sample Token", token.Read("name")[0]);
        Assert.Equal("SMPL", token.Read("symbol")[0]);
        Assert.Equal(new BigInteger(18), token.ReadInteger("decimals"));
        Assert.Equal(Supply, token.ReadInteger("totalSupply"));
        Assert.Equal(Supply, token.ReadInteger("balanceOf", Alice));
        Assert.Equal(BigInteger.Zero, token.ReadInteger("balanceOf", Bob));

        // The mint is announced as a transfer from the zero address, as ERC-20 indexers expect.
        var (name, values) = token.DecodeEvent(Assert.Single(token.Deployment.Logs));
        Assert.Equal("Transfer", name);
        Assert.Equal([Address.Zero, Alice, Supply], values);

        // Storage is Solidity's layout: totalSupply in slot 0, balances in the mapping at slot 1.
        Assert.Equal(Supply, GenesisState.ReadSlot(chain.State, token.Address, 0).ToBigInteger());
        Assert.Equal(Supply, GenesisState.ReadSlot(chain.State, token.Address, SolidityLayout.MappingSlot(1, Alice)).ToBigInteger());
    }

    [Fact]
    public void Transfer_moves_tokens_returns_true_and_emits_Transfer()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);

        var result = token.Send(Alice, "transfer", Bob, 1234);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([true], token.Abi.GetFunction("transfer").DecodeOutput(result.ReturnData.Span));
        Assert.Equal(Supply - 1234, token.ReadInteger("balanceOf", Alice));
        Assert.Equal(new BigInteger(1234), token.ReadInteger("balanceOf", Bob));
        Assert.Equal(Supply, token.ReadInteger("totalSupply"));

        var (name, values) = token.DecodeEvent(Assert.Single(result.Logs));
        Assert.Equal("Transfer", name);
        Assert.Equal([Alice, Bob, new BigInteger(1234)], values);
    }

    [Fact]
    public void Transfer_beyond_the_balance_reverts_with_insufficient_balance_and_changes_nothing()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);
        token.Invoke(Alice, "transfer", Bob, 100);
        var aliceEther = chain.State.GetBalance(Alice);

        var result = token.Send(Bob, "transfer", Carol, 101);
        Assert.Equal(ExecutionFailure.Reverted, result.Failure);
        Assert.Equal("insufficient balance", token.RevertReasonOf(result));
        Assert.Empty(result.Logs);
        Assert.Equal(new BigInteger(100), token.ReadInteger("balanceOf", Bob));
        Assert.Equal(BigInteger.Zero, token.ReadInteger("balanceOf", Carol));
        Assert.Equal(aliceEther, chain.State.GetBalance(Alice));

        // A reverted transaction still pays for its gas.
        Assert.True(result.GasUsed > 21_000);
        Assert.Equal(StartBalance - Fee(result.GasUsed), chain.State.GetBalance(Bob));
    }

    [Fact]
    public void Transfer_to_the_zero_address_reverts()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);
        var result = token.Send(Alice, "transfer", Address.Zero, 1);
        Assert.Equal(ExecutionFailure.Reverted, result.Failure);
        Assert.Equal("transfer to the zero address", token.RevertReasonOf(result));
        Assert.Equal(Supply, token.ReadInteger("balanceOf", Alice));
    }

    [Fact]
    public void Approve_sets_the_allowance_and_transferFrom_spends_it()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);

        var approval = token.Send(Alice, "approve", Bob, 500);
        Assert.True(approval.Succeeded, approval.Message);
        var (name, values) = token.DecodeEvent(Assert.Single(approval.Logs));
        Assert.Equal("Approval", name);
        Assert.Equal([Alice, Bob, new BigInteger(500)], values);
        Assert.Equal(new BigInteger(500), token.ReadInteger("allowance", Alice, Bob));
        Assert.Equal(new BigInteger(500),
            GenesisState.ReadSlot(chain.State, token.Address, SolidityLayout.NestedMappingSlot(2, Alice, Bob)).ToBigInteger());

        var spend = token.Send(Bob, "transferFrom", Alice, Carol, 300);
        Assert.True(spend.Succeeded, spend.Message);
        var transfer = token.DecodeEvent(Assert.Single(spend.Logs));
        Assert.Equal("Transfer", transfer.Name);
        Assert.Equal([Alice, Carol, new BigInteger(300)], transfer.Values);
        Assert.Equal(new BigInteger(200), token.ReadInteger("allowance", Alice, Bob));
        Assert.Equal(new BigInteger(300), token.ReadInteger("balanceOf", Carol));
        Assert.Equal(Supply - 300, token.ReadInteger("balanceOf", Alice));

        var overspend = token.Send(Bob, "transferFrom", Alice, Carol, 201);
        Assert.Equal(ExecutionFailure.Reverted, overspend.Failure);
        Assert.Equal("insufficient allowance", token.RevertReasonOf(overspend));
        Assert.Equal(new BigInteger(200), token.ReadInteger("allowance", Alice, Bob));

        // Carol was never approved.
        var stranger = token.Send(Carol, "transferFrom", Alice, Carol, 1);
        Assert.Equal("insufficient allowance", token.RevertReasonOf(stranger));
    }

    [Fact]
    public void An_allowance_within_limits_still_needs_the_balance()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);
        token.Invoke(Alice, "transfer", Bob, 10);
        token.Invoke(Bob, "approve", Carol, 1000);
        var result = token.Send(Carol, "transferFrom", Bob, Carol, 11);
        Assert.Equal("insufficient balance", token.RevertReasonOf(result));
        // The allowance is untouched: the whole call reverted.
        Assert.Equal(new BigInteger(1000), token.ReadInteger("allowance", Bob, Carol));
    }

    [Fact]
    public void An_unlimited_allowance_is_never_spent_down()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);
        token.Invoke(Alice, "approve", Bob, MaxUInt256);
        token.Invoke(Bob, "transferFrom", Alice, Bob, 7);
        Assert.Equal(MaxUInt256, token.ReadInteger("allowance", Alice, Bob));
    }

    [Fact]
    public void Unknown_selectors_and_malformed_arguments_revert_with_reasons()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);

        var unknown = chain.Send(Alice, token.Address, [0xde, 0xad, 0xbe, 0xef]);
        Assert.Equal("unknown function selector", token.RevertReasonOf(unknown));

        var empty = chain.Send(Alice, token.Address, []);
        Assert.Equal("missing function selector", token.RevertReasonOf(empty));

        // transfer(address,uint256) with a dirty address word (high bytes set): strict decoding refuses it.
        var calldata = token.Abi.GetFunction("transfer").EncodeCall(Bob, 1);
        calldata[4] = 0xff;
        var dirty = chain.Send(Alice, token.Address, calldata);
        Assert.Equal("invalid arguments", token.RevertReasonOf(dirty));

        var truncated = chain.Send(Alice, token.Address, token.Abi.GetFunction("transfer").EncodeCall(Bob, 1)[..36]);
        Assert.Equal("invalid arguments", token.RevertReasonOf(truncated));
    }

    [Fact]
    public void Transfer_gas_is_exact_the_intrinsic_gas_plus_the_metered_wasm_gas_and_storage_prices_from_the_schedule()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);
        var schedule = chain.Rules.Schedule;
        var calldata = token.Abi.GetFunction("transfer").EncodeCall(Bob, 1234);

        var tracer = new CallTreeTracer();
        var result = chain.Send(Alice, token.Address, calldata, tracer: tracer);
        Assert.True(result.Succeeded, result.Message);

        // Chain gas = intrinsic (21,000 + calldata bytes) + the frame's Wasm gas / 1,000 rounded up, exactly.
        ulong intrinsic = TransactionValidator.IntrinsicGas(chain.Transaction(Alice, token.Address, calldata), chain.Rules);
        ulong wasm = (ulong)tracer.Root!.GasUsed;
        Assert.Equal(intrinsic + (wasm + 999) / 1000, result.GasUsed);
        Assert.Equal(0UL, result.GasRefunded);

        // Two balance reads, then the sender's slot reset (non-zero to non-zero) and the recipient's set (zero to non-zero).
        var storage = tracer.Root.HostCalls.Where(c => c.Name.StartsWith("storage_", StringComparison.Ordinal)).ToList();
        Assert.Equal(["storage_load", "storage_store", "storage_load", "storage_store"], storage.Select(c => c.Name));
        ulong words = 64 * schedule.HostCallPerByte;
        Assert.Equal(schedule.HostCall + schedule.SlotLoad + words, (ulong)storage[0].GasUsed);
        Assert.Equal(schedule.HostCall + schedule.SlotStoreReset + words, (ulong)storage[1].GasUsed);
        Assert.Equal(schedule.HostCall + schedule.SlotStoreSet + words, (ulong)storage[3].GasUsed);
        var log = Assert.Single(tracer.Root.HostCalls, c => c.Name == "emit_log");
        Assert.Equal(schedule.HostCall + schedule.Log + 3 * schedule.LogPerTopic + (schedule.LogPerByte + schedule.HostCallPerByte) * 32
            + 3 * 32 * schedule.HostCallPerByte, (ulong)log.GasUsed);

        // The fee is exactly the gas used at the effective price.
        Assert.Equal(StartBalance - Fee(token.Deployment.GasUsed) - Fee(result.GasUsed), chain.State.GetBalance(Alice));

        // The same transfer again costs less by exactly the difference of a reset and a set of Bob's slot, in chain gas.
        var again = new CallTreeTracer();
        var second = chain.Send(Alice, token.Address, calldata, tracer: again);
        Assert.Equal(wasm - (schedule.SlotStoreSet - schedule.SlotStoreReset), (ulong)again.Root!.GasUsed);
        Assert.Equal(intrinsic + ((ulong)again.Root.GasUsed + 999) / 1000, second.GasUsed);
    }

    [Fact]
    public void The_gas_used_is_exactly_enough_one_less_runs_out()
    {
        var chain = new SampleChain();
        var token = chain.Deploy("token", Alice);
        var calldata = token.Abi.GetFunction("transfer").EncodeCall(Bob, 1234);
        ulong needed = chain.Executor.Call(chain.State, chain.Block, chain.Transaction(Alice, token.Address, calldata)).GasUsed;

        var short1 = chain.Send(Alice, token.Address, calldata, gas: needed - 1);
        Assert.Equal(ExecutionFailure.OutOfGas, short1.Failure);
        Assert.Equal(needed - 1, short1.GasUsed);
        Assert.Equal(BigInteger.Zero, token.ReadInteger("balanceOf", Bob));

        var exact = chain.Send(Alice, token.Address, calldata, gas: needed);
        Assert.True(exact.Succeeded, exact.Message);
        Assert.Equal(needed, exact.GasUsed);
        Assert.Equal(new BigInteger(1234), token.ReadInteger("balanceOf", Bob));
    }
}
