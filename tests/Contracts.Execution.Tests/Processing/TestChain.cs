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

namespace Contracts.Execution.Tests.Processing;

/// <summary>An in-memory chain for flow tests: the devnet rules, one funded sender, one block context.</summary>
internal sealed class TestChain
{
    public static readonly Address Sender = Address.FromHex("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    public static readonly Address Coinbase = Address.FromHex("c0ffee0000000000000000000000000000000001");
    public static readonly UInt256 BaseFee = 1_000_000_000;
    public static readonly UInt256 Tip = 1_000_000_000;
    public static readonly UInt256 StartBalance = new(0, 1, 0, 0); // 2^64 wei

    public TestChain(ModuleCache? cache = null, ChainSpec? spec = null)
    {
        Spec = spec ?? ChainSpec.Devnet();
        State = WorldState.OpenHead(new MemoryStateStore());
        State.SetBalance(Sender, StartBalance);
        Executor = new TransactionExecutor(Spec, cache);
        Block = new BlockContext
        {
            Number = 1, Timestamp = 1_700_000_000, Coinbase = Coinbase, BaseFee = BaseFee, GasLimit = 30_000_000,
            ChainId = Spec.ChainId, BlockHashes = new NoBlockHashes(),
        };
    }

    public ChainSpec Spec { get; }
    public WorldState State { get; }
    public TransactionExecutor Executor { get; }
    /// <summary>The block transactions execute in (replace it, e.g. with another number, to move the chain on).</summary>
    public BlockContext Block { get; set; }
    public RuleSet Rules => Spec.RulesAt(Block.Number);

    public static byte[] Contract(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contracts", name + ".wasm"));

    public Transaction Transaction(Address? to, byte[] data, UInt256 value = default, ulong gas = 10_000_000) => new()
    {
        Type = TransactionType.DynamicFee, ChainId = Spec.ChainId, Nonce = State.GetNonce(Sender), MaxFeePerGas = BaseFee + Tip,
        MaxPriorityFeePerGas = Tip, GasLimit = gas, To = to, Value = value, Data = data, Sender = Sender,
    };

    public ExecutionResult Send(Address? to, byte[] data, UInt256 value = default, ulong gas = 10_000_000, IExecutionTracer? tracer = null) =>
        Executor.Execute(State, Block, Transaction(to, data, value, gas), tracer);

    public Address Deploy(string name, ulong gas = 10_000_000) => Deploy(Contract(name), gas);

    public Address Deploy(byte[] data, ulong gas = 10_000_000)
    {
        var result = Send(null, data, gas: gas);
        Assert.True(result.Succeeded, $"deploy failed: {result.Failure} {result.Message}");
        return result.ContractAddress!.Value;
    }

    public UInt256 Slot(Address contract, ulong slot) => GenesisState.ReadSlot(State, contract, slot);

    public static byte[] Word(ulong value)
    {
        var word = new byte[32];
        ((UInt256)value).WriteBigEndian(word);
        return word;
    }

    private sealed class NoBlockHashes : IBlockHashes
    {
        public Hash256? GetBlockHash(ulong number) => null;
    }
}
