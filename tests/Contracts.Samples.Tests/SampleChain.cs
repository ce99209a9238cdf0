using System.Numerics;
using Contracts.Abi;
using Contracts.Execution.Blocks;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Deployment;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.Execution.Tracing;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.Samples.Tests;

/// <summary>
/// An in-memory chain on the devnet rules with funded accounts, on which the samples are deployed and driven through
/// the execution layer (<see cref="TransactionExecutor"/>) exactly as a block would run them. Calls and results go
/// through the ABI each module embeds in its <c>contracts.abi</c> section.
/// </summary>
internal sealed class SampleChain
{
    /// <summary>The first three of anvil's dev accounts (the devnet's genesis funds them too).</summary>
    public static readonly Address Alice = Address.FromHex("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    public static readonly Address Bob = Address.FromHex("70997970c51812dc3a010c7d01b50e0d17dc79c8");
    public static readonly Address Carol = Address.FromHex("3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    public static readonly Address Coinbase = Address.FromHex("c0ffee0000000000000000000000000000000001");

    public static readonly UInt256 BaseFee = 1_000_000_000;
    public static readonly UInt256 Tip = 1_000_000_000;
    public static readonly UInt256 StartBalance = new(0, 1, 0, 0); // 2^64 wei each

    /// <summary>The gas limit of the test transactions: far above what any sample needs.</summary>
    public const ulong DefaultGas = 10_000_000;

    public SampleChain()
    {
        Spec = ChainSpec.Devnet();
        State = WorldState.OpenHead(new MemoryStateStore());
        foreach (var account in new[] { Alice, Bob, Carol })
        {
            State.SetBalance(account, StartBalance);
        }

        Executor = new TransactionExecutor(Spec, SharedCache);
        Block = new BlockContext
        {
            Number = 1, Timestamp = 1_700_000_000, Coinbase = Coinbase, BaseFee = BaseFee, GasLimit = 30_000_000,
            ChainId = Spec.ChainId, BlockHashes = new NoBlockHashes(),
        };
    }

    /// <summary>Translated modules are shared by every test (a cache keyed by code hash and rule set, as a node's).</summary>
    private static readonly ModuleCache SharedCache = new();

    public ChainSpec Spec { get; }
    public WorldState State { get; }
    public TransactionExecutor Executor { get; }
    public BlockContext Block { get; }
    public RuleSet Rules => Spec.RulesAt(Block.Number);

    /// <summary>The committed module of a sample (<c>node-adapter/samples/&lt;name&gt;/&lt;name&gt;.wasm</c>).</summary>
    public static byte[] Module(string sample) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", sample, sample + ".wasm"));

    /// <summary>The ABI a sample embeds in its <c>contracts.abi</c> section.</summary>
    public static ContractAbi Abi(string sample) =>
        ContractAbiSection.Read(Module(sample)) ?? throw new InvalidOperationException($"{sample}.wasm has no contracts.abi section");

    public Transaction Transaction(Address from, Address? to, byte[] data, UInt256 value = default, ulong gas = DefaultGas) => new()
    {
        Type = TransactionType.DynamicFee, ChainId = Spec.ChainId, Nonce = State.GetNonce(from), MaxFeePerGas = BaseFee + Tip,
        MaxPriorityFeePerGas = Tip, GasLimit = gas, To = to, Value = value, Data = data, Sender = from,
    };

    /// <summary>Executes a transaction against the state (as a block does: its effects stay).</summary>
    public ExecutionResult Send(Address from, Address? to, byte[] data, UInt256 value = default, ulong gas = DefaultGas,
        IExecutionTracer? tracer = null) =>
        Executor.Execute(State, Block, Transaction(from, to, data, value, gas), tracer);

    /// <summary>Deploys a sample from <paramref name="from"/>, with ABI-encoded constructor arguments when it takes any.</summary>
    public SampleContract Deploy(string sample, Address from, params object?[] constructorArguments)
    {
        var abi = Abi(sample);
        var module = Module(sample);
        var data = abi.ConstructorInputs.Count == 0
            ? module
            : DeployData.Envelope(module, abi.EncodeConstructorArguments(constructorArguments));
        return DeployCode(sample, abi, data, from);
    }

    /// <summary>Deploys <paramref name="deployData"/> (a module or an envelope) and requires success.</summary>
    public SampleContract DeployCode(string sample, ContractAbi abi, byte[] deployData, Address from)
    {
        var result = Send(from, null, deployData);
        Assert.True(result.Succeeded, $"deploying {sample} failed: {result.Failure} {result.Message} {RevertReason.TryDecode(result.ReturnData.Span)}");
        return new SampleContract(this, sample, abi, result.ContractAddress!.Value, result);
    }

    /// <summary>A contract already on chain (created by another contract), with the ABI its code embeds.</summary>
    public SampleContract At(Address address)
    {
        var code = State.GetCode(address) ?? throw new InvalidOperationException($"no code at {address}");
        var abi = ContractAbiSection.Read(code) ?? throw new InvalidOperationException($"the code at {address} embeds no ABI");
        return new SampleContract(this, address.ToString(), abi, address, null!);
    }

    /// <summary>The transaction fee of <paramref name="gas"/> at the test transactions' effective price.</summary>
    public static UInt256 Fee(ulong gas) => (UInt256)(new BigInteger(gas) * (BaseFee + Tip).ToBigInteger());

    /// <summary><paramref name="ether"/> ether in wei.</summary>
    public static UInt256 Ether(ulong ether) => (UInt256)(new BigInteger(ether) * BigInteger.Pow(10, 18));

    private sealed class NoBlockHashes : IBlockHashes
    {
        public Hash256? GetBlockHash(ulong number) => null;
    }
}

/// <summary>A deployed sample: calls by function name or signature, results and events decoded with its ABI.</summary>
internal sealed class SampleContract(SampleChain chain, string sample, ContractAbi abi, Address address, ExecutionResult deployment)
{
    public string Sample { get; } = sample;
    public ContractAbi Abi { get; } = abi;
    public Address Address { get; } = address;
    public ExecutionResult Deployment { get; } = deployment;

    /// <summary>Sends a transaction calling <paramref name="function"/> with <paramref name="arguments"/>.</summary>
    public ExecutionResult Send(Address from, string function, params object?[] arguments) =>
        SendWith(from, function, UInt256.Zero, null, arguments);

    public ExecutionResult SendWith(Address from, string function, UInt256 value, IExecutionTracer? tracer, params object?[] arguments) =>
        chain.Send(from, Address, Abi.GetFunction(function).EncodeCall(arguments), value, tracer: tracer);

    /// <summary>Sends, requires success, and decodes the outputs.</summary>
    public object?[] Invoke(Address from, string function, params object?[] arguments)
    {
        var result = Send(from, function, arguments);
        Assert.True(result.Succeeded, $"{function} failed: {result.Failure} {result.Message} {RevertReason.TryDecode(result.ReturnData.Span, Abi)}");
        return Abi.GetFunction(function).DecodeOutput(result.ReturnData.Span);
    }

    /// <summary>A read-only call (eth_call): runs on the state without changing it; decodes the outputs.</summary>
    public object?[] Read(string function, params object?[] arguments)
    {
        var abiFunction = Abi.GetFunction(function);
        var result = chain.Executor.Call(chain.State, chain.Block,
            chain.Transaction(SampleChain.Alice, Address, abiFunction.EncodeCall(arguments)));
        Assert.True(result.Succeeded, $"{function} failed: {result.Failure} {result.Message} {RevertReason.TryDecode(result.ReturnData.Span, Abi)}");
        return abiFunction.DecodeOutput(result.ReturnData.Span);
    }

    /// <summary>The single output of a read-only call as an integer.</summary>
    public BigInteger ReadInteger(string function, params object?[] arguments) => (BigInteger)Read(function, arguments)[0]!;

    /// <summary>Decodes a log of this contract with the event of its ABI that topic 0 names.</summary>
    public (string Name, object?[] Values) DecodeEvent(Log log)
    {
        Assert.Equal(Address, log.Address);
        var topics = log.Topics.Select(t => t.ToArray()).ToList();
        var abiEvent = Abi.FindEvent(topics[0]) ?? throw new InvalidOperationException($"no event of {Sample} has topic {log.Topics[0]}");
        return (abiEvent.Name, abiEvent.DecodeLog(topics, log.Data.Span));
    }

    /// <summary>The revert reason of a failed result, decoded as a wallet would show it.</summary>
    public string? RevertReasonOf(ExecutionResult result) => RevertReason.TryDecode(result.ReturnData.Span, Abi);
}
