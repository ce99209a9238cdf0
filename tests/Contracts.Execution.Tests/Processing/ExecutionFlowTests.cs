using Contracts.Engine;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Calls;
using Contracts.Execution.Deployment;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.Execution.Tracing;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Processing;

/// <summary>End-to-end flows on in-memory state with the WAT contracts under Contracts/ (built by build.sh).</summary>
public sealed class ExecutionFlowTests
{
    private static readonly UInt256 Price = TestChain.BaseFee + TestChain.Tip;

    [Fact]
    public void A_value_transfer_to_an_account_without_code_costs_exactly_21000()
    {
        var chain = new TestChain();
        var recipient = Address.FromHex("1000000000000000000000000000000000000001");
        var result = chain.Send(recipient, [], value: 12345);
        Assert.True(result.Succeeded);
        Assert.Equal(21_000UL, result.GasUsed);
        Assert.Equal((UInt256)12345, chain.State.GetBalance(recipient));
        Assert.Equal(TestChain.StartBalance - 12345 - Wei(21_000, Price), chain.State.GetBalance(TestChain.Sender));
        Assert.Equal(Wei(21_000, TestChain.Tip), chain.State.GetBalance(TestChain.Coinbase));
        Assert.Equal(1UL, chain.State.GetNonce(TestChain.Sender));
    }

    [Fact]
    public void Deploy_with_an_envelope_runs_the_constructor_and_keeps_the_code_as_sent()
    {
        var chain = new TestChain();
        byte[] data = DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5));
        var result = chain.Send(null, data);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(ContractAddress.From(TestChain.Sender, 0), result.ContractAddress);
        var counter = result.ContractAddress!.Value;
        Assert.Equal(data, chain.State.GetCode(counter));
        Assert.Equal((UInt256)5, chain.Slot(counter, 0));
        Assert.Equal(1UL, chain.State.GetNonce(counter));
    }

    [Fact]
    public void A_call_reads_and_writes_storage_logs_and_returns_with_exact_host_prices()
    {
        var chain = new TestChain();
        var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5)));
        var tracer = new CallTreeTracer();
        var before = chain.State.GetBalance(TestChain.Sender);
        var result = chain.Send(counter, [], tracer: tracer);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(TestChain.Word(6), result.ReturnData.ToArray());
        Assert.Equal((UInt256)6, chain.Slot(counter, 0));
        var log = Assert.Single(result.Logs);
        Assert.Equal(counter, log.Address);
        Assert.Equal(TestChain.Word(6), log.Data.ToArray());

        var schedule = chain.Rules.Schedule;
        var calls = tracer.Root!.HostCalls;
        Assert.Equal(["storage_load", "storage_store", "emit_log", "output_set"], calls.Select(c => c.Name));
        Assert.Equal(schedule.HostCall + schedule.SlotLoad + 64 * schedule.HostCallPerByte, (ulong)calls[0].GasUsed);
        Assert.Equal(schedule.HostCall + schedule.SlotStoreReset + 64 * schedule.HostCallPerByte, (ulong)calls[1].GasUsed);
        Assert.Equal(schedule.HostCall + schedule.Log + schedule.LogPerTopic + (schedule.LogPerByte + schedule.HostCallPerByte) * 32 + 32 * schedule.HostCallPerByte, (ulong)calls[2].GasUsed);
        Assert.Equal(schedule.HostCall + 32 * schedule.HostCallPerByte, (ulong)calls[3].GasUsed);

        // Chain gas = 21,000 + the frame's Wasm gas / 1,000 rounded up, exactly.
        ulong wasmUsed = (ulong)tracer.Root.GasUsed;
        Assert.Equal(21_000 + (wasmUsed + 999) / 1000, result.GasUsed);
        Assert.Equal(before - Wei(result.GasUsed, Price), chain.State.GetBalance(TestChain.Sender));

        // The same call again costs the same (reset price now, not set) and gives the same shape of result.
        var again = chain.Send(counter, []);
        Assert.Equal(result.GasUsed, again.GasUsed);
    }

    [Fact]
    public void A_revert_undoes_the_frame_returns_its_data_and_still_charges()
    {
        var chain = new TestChain();
        var reverter = chain.Deploy("reverter");
        var before = chain.State.GetBalance(TestChain.Sender);
        var result = chain.Send(reverter, []);
        Assert.Equal(ExecutionFailure.Reverted, result.Failure);
        Assert.Equal("no"u8.ToArray(), result.ReturnData.ToArray());
        Assert.Empty(result.Logs);
        Assert.Equal(UInt256.Zero, chain.Slot(reverter, 0));
        Assert.True(result.GasUsed > 21_000);
        Assert.Equal(before - Wei(result.GasUsed, Price), chain.State.GetBalance(TestChain.Sender));
        Assert.Equal(2UL, chain.State.GetNonce(TestChain.Sender));
    }

    [Fact]
    public void Out_of_gas_reverts_state_and_charges_the_whole_gas_limit()
    {
        var chain = new TestChain();
        var looper = chain.Deploy("looper");
        var before = chain.State.GetBalance(TestChain.Sender);
        var result = chain.Send(looper, [], gas: 200_000);
        Assert.Equal(ExecutionFailure.OutOfGas, result.Failure);
        Assert.Equal(200_000UL, result.GasUsed);
        Assert.Equal(UInt256.Zero, chain.Slot(looper, 0));
        Assert.Equal(before - Wei(200_000, Price), chain.State.GetBalance(TestChain.Sender));
    }

    [Fact]
    public void A_failed_inner_call_reverts_only_its_own_effects_and_the_caller_goes_on()
    {
        var chain = new TestChain();
        var proxy = chain.Deploy("proxy");
        var reverter = chain.Deploy("reverter");
        var result = chain.Send(proxy, ProxyInput(reverter, 0));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([1, .. "no"u8], result.ReturnData.ToArray());
        Assert.Equal((UInt256)2, chain.Slot(proxy, 0));
        Assert.Equal(UInt256.Zero, chain.Slot(reverter, 0));
        Assert.Empty(result.Logs);
    }

    [Fact]
    public void Writing_in_a_static_call_traps_and_changes_nothing()
    {
        var chain = new TestChain();
        var proxy = chain.Deploy("proxy");
        var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5)));
        var tracer = new CallTreeTracer();
        var result = chain.Send(proxy, ProxyInput(counter, 1), tracer: tracer);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([2], result.ReturnData.ToArray());
        Assert.Equal((UInt256)5, chain.Slot(counter, 0));
        var inner = Assert.Single(tracer.Root!.Children);
        Assert.Equal(ExecutionFailure.StaticViolation, inner.Failure);
        Assert.Contains("StaticViolation: storage_store", inner.Message);
    }

    [Fact]
    public void A_contract_cannot_write_another_contracts_storage()
    {
        // The ABI has no address parameter for storage: a callee writing "slot 0" writes its own slot 0.
        var chain = new TestChain();
        var proxy = chain.Deploy("proxy");
        var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5)));
        Assert.True(chain.Send(proxy, ProxyInput(counter, 0)).Succeeded);
        Assert.Equal((UInt256)6, chain.Slot(counter, 0));
        Assert.Equal((UInt256)1, chain.Slot(proxy, 0)); // status 0 + 1, written by the proxy itself
    }

    [Fact]
    public void Value_moves_with_calls_from_contracts()
    {
        var chain = new TestChain();
        var proxy = chain.Deploy("proxy");
        var recipient = Address.FromHex("2000000000000000000000000000000000000002");
        var result = chain.Send(proxy, ProxyInput(recipient, 2), value: 10);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([0], result.ReturnData.ToArray());
        Assert.Equal((UInt256)1, chain.State.GetBalance(recipient));
        Assert.Equal((UInt256)9, chain.State.GetBalance(proxy));
    }

    [Fact]
    public void Growing_memory_past_the_instance_cap_returns_minus_one()
    {
        var chain = new TestChain();
        var grower = chain.Deploy("grower");
        var result = chain.Send(grower, []);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(-1, BitConverter.ToInt32(result.ReturnData.Span));
    }

    [Fact]
    public void Recursing_past_the_depth_limit_stops_at_the_limit_on_a_small_thread_stack()
    {
        var chain = new TestChain();
        var deepest = RecurseOnASmallThread(chain, gas: 29_000_000);
        Assert.Equal(chain.Rules.Limits.MaxCallDepth + 1, deepest.Depth);
        Assert.Equal(ExecutionFailure.CallDepthExceeded, deepest.Failure);
    }

    [Theory]
    [InlineData(ExecutionTier.Interpreter)]
    [InlineData(ExecutionTier.Compiled)]
    public void Recursion_hundreds_of_frames_deep_runs_on_a_small_thread_stack_without_overflowing_it(ExecutionTier tier)
    {
        // The deepest limit a chain spec allows (1,024), with gas for ~530 nested frames (each call passes on 63/64 of
        // what is left): several MiB of stack, which crashed the process on a 1.5 MiB thread. Past a segment of the
        // calling thread's stack frames continue on a fresh thread (ExecutionSession.RunOnFreshStack), same results.
        var spec = ChainSpecReader.Parse("""
            { "name": "deep", "chainId": "0x539", "genesis": { "gasLimit": 30000000, "baseFeePerGas": "0x3b9aca00", "alloc": {} },
              "rules": [ { "name": "deep", "fromBlock": 0, "gasSchedule": 3, "limits": { "maxCallDepth": 1024, "maxTotalPages": 4096 } } ] }
            """);
        (int Depth, ExecutionFailure Failure, ulong Gas) Recurse(ExecutionTier runOn)
        {
            var chain = new TestChain(new ModuleCache(tier: runOn), spec);
            chain.Block = chain.Block with { GasLimit = 200_000_000 };
            return RecurseOnASmallThread(chain, gas: 190_000_000);
        }

        var deep = Recurse(tier);
        Assert.InRange(deep.Depth, 500, 1024);
        Assert.Equal(ExecutionFailure.OutOfGas, deep.Failure);
        if (tier != ExecutionTier.Interpreter) Assert.Equal(Recurse(ExecutionTier.Interpreter), deep);
    }

    /// <summary>Sends a call to a fresh "recursive" contract (it calls itself until a call fails) on a 1 MiB thread —
    /// below .NET's default for secondary threads on Linux, so the node's own threads have more — and returns how deep
    /// the frames went, how the deepest one failed and the transaction's gas used.</summary>
    private static (int Depth, ExecutionFailure Failure, ulong Gas) RecurseOnASmallThread(TestChain chain, ulong gas)
    {
        var recursive = chain.Deploy("recursive");
        var tracer = new CallTreeTracer();
        Contracts.Execution.Results.ExecutionResult? result = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = chain.Send(recursive, [], gas: gas, tracer: tracer); }
            catch (Exception e) { error = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(error);
        Assert.True(result!.Succeeded, result.Message);
        var frame = tracer.Root!;
        int depth = 1;
        while (frame.Children.Count > 0)
        {
            frame = frame.Children[0];
            depth++;
        }
        return (depth, frame.Failure, result.GasUsed);
    }

    [Fact]
    public void A_deep_chain_of_frames_each_holding_maximum_memory_is_stopped_by_the_total_cap()
    {
        var chain = new TestChain();
        var hog = chain.Deploy("memhog");
        var tracer = new CallTreeTracer();
        var result = chain.Send(hog, [], gas: 29_000_000, tracer: tracer);
        Assert.True(result.Succeeded, result.Message);
        var frame = tracer.Root!;
        int depth = 1;
        while (frame.Children.Count > 0)
        {
            frame = frame.Children[0];
            depth++;
        }
        uint maxFrames = chain.Rules.Limits.MaxTotalPages / chain.Rules.Limits.MaxInstancePages;
        Assert.Equal((int)maxFrames + 1, depth);
        Assert.Equal(ExecutionFailure.MemoryLimitExceeded, frame.Failure);
        Assert.Equal((UInt256)1, chain.Slot(hog, 0)); // every frame writes slot 0 last-to-first; the top one saw status 0
    }

    [Fact]
    public void Reentrancy_into_a_vault_that_did_not_opt_in_is_refused()
    {
        var chain = new TestChain();
        var vault = chain.Deploy("vault");
        var attacker = chain.Deploy("attacker");
        chain.State.SetBalance(vault, 100);
        var tracer = new CallTreeTracer();
        var result = chain.Send(attacker, vault.ToArray(), tracer: tracer);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((UInt256)3, chain.Slot(attacker, 2)); // the re-entering call got status 2
        Assert.Equal((UInt256)1, chain.Slot(vault, 0));   // one withdrawal recorded
        Assert.Equal((UInt256)99, chain.State.GetBalance(vault));
        Assert.Equal((UInt256)1, chain.State.GetBalance(attacker));
        var refused = tracer.Root!.Children[0].Children[0].Children[0];
        Assert.Equal(ExecutionFailure.ReentrancyRefused, refused.Failure);
    }

    [Fact]
    public void Out_of_bounds_pointers_trap_in_every_host_function()
    {
        var chain = new TestChain();
        var oob = chain.Deploy("oob");
        string[] names = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Contracts", "oob.names")).Where(n => n.Length > 0).ToArray();
        var withPointers = Host.HostFunctions.All.Where(i => i.Type.Parameters.Length > 0 && i.Name != "block_number").Select(i => i.Name);
        Assert.Equal(withPointers.Order(), names.Order());
        for (int i = 0; i < names.Length; i++)
        {
            var result = chain.Send(oob, [(byte)i], gas: 1_000_000);
            Assert.True(result.Failure == ExecutionFailure.Trap, $"{names[i]}: {result.Failure} {result.Message}");
            Assert.Contains("out of bounds memory access", result.Message);
        }
    }

    [Fact]
    public void A_module_importing_an_undeclared_function_is_refused_naming_it()
    {
        var chain = new TestChain();
        var result = chain.Send(null, TestChain.Contract("undeclared_import"));
        Assert.Equal(ExecutionFailure.InvalidDeployment, result.Failure);
        Assert.Contains("import \"env\".\"foo\" is not part of host ABI version 1", result.Message);
        Assert.Null(result.ContractAddress);
        Assert.Null(chain.State.GetCode(ContractAddress.From(TestChain.Sender, 0)));
    }

    [Fact]
    public void A_module_with_a_start_function_is_refused()
    {
        var chain = new TestChain();
        var result = chain.Send(null, TestChain.Contract("start_function"));
        Assert.Equal(ExecutionFailure.InvalidDeployment, result.Failure);
        Assert.Contains("start function", result.Message);
    }

    [Fact]
    public void A_module_over_the_size_limit_is_refused()
    {
        var chain = new TestChain();
        byte[] module = TestChain.Contract("counter");
        int padding = chain.Rules.Limits.MaxModuleBytes + 1 - module.Length;
        byte[] name = "pad"u8.ToArray();
        int payload = padding - 8; // id byte, 3-byte LEB size, name length byte, 3-byte name
        var section = new List<byte> { 0, (byte)(0x80 | (payload + 4) & 0x7F), (byte)(0x80 | ((payload + 4) >> 7) & 0x7F), (byte)((payload + 4) >> 14), (byte)name.Length };
        section.AddRange(name);
        byte[] big = [.. module, .. section, .. new byte[payload]];
        Assert.Equal(chain.Rules.Limits.MaxModuleBytes + 1, big.Length);
        var result = chain.Send(null, big, gas: 29_000_000);
        Assert.Equal(ExecutionFailure.InvalidDeployment, result.Failure);
        Assert.Contains("above the limit", result.Message);
    }

    [Fact]
    public void Identical_transactions_give_identical_results_and_state_roots()
    {
        Hash256 Run(out Contracts.Execution.Results.ExecutionResult result)
        {
            var chain = new TestChain();
            var counter = chain.Deploy(DeployData.Envelope(TestChain.Contract("counter"), TestChain.Word(5)));
            result = chain.Send(counter, []);
            return chain.State.Commit();
        }
        var first = Run(out var a);
        var second = Run(out var b);
        Assert.Equal(first, second);
        Assert.Equal(a, b);
    }

    private static byte[] ProxyInput(Address target, byte mode, params byte[] input) => [.. target.ToArray(), mode, .. input];

    private static UInt256 Wei(ulong gas, UInt256 price) => Contracts.Execution.Processing.Wei.Times(price, gas);
}
