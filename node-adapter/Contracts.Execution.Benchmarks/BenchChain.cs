using Contracts.Execution.Blocks;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Crypto;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.Execution.Benchmarks;

/// <summary>A devnet-rules world with one funded sender (anvil's first key) and the benchmark contracts.</summary>
public sealed class BenchChain
{
    public static readonly byte[] SenderKey = Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    public static readonly Address Sender = Secp256k1.AddressOfPrivateKey(SenderKey);
    private static readonly UInt256 BaseFee = 1_000_000_000;

    public BenchChain(IStateStore store)
    {
        Spec = ChainSpec.Devnet();
        State = WorldState.OpenHead(store);
        State.SetBalance(Sender, new UInt256(0, 0, 1, 0));
        Executor = new TransactionExecutor(Spec);
        Block = new BlockContext
        {
            Number = 1, Timestamp = 1_700_000_000, Coinbase = Address.FromHex("c0ffee0000000000000000000000000000000001"), BaseFee = BaseFee, GasLimit = 1_000_000_000,
            ChainId = Spec.ChainId, BlockHashes = new NoBlockHashes(),
        };
    }

    public ChainSpec Spec { get; }
    public WorldState State { get; }
    public TransactionExecutor Executor { get; }
    public BlockContext Block { get; }

    public static byte[] Contract(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contracts", name + ".wasm"));

    public Transaction Transaction(Address? to, byte[] data, ulong nonce) => new()
    {
        Type = TransactionType.DynamicFee, ChainId = Spec.ChainId, Nonce = nonce, MaxFeePerGas = BaseFee * 2,
        MaxPriorityFeePerGas = 1, GasLimit = 5_000_000, To = to, Value = default, Data = data, Sender = Sender,
    };

    public ExecutionResult Send(Address? to, byte[] data) => Check(Executor.Execute(State, Block, Transaction(to, data, State.GetNonce(Sender))));

    public Address Deploy(string name) => Send(null, Contract(name)).ContractAddress!.Value;

    public static ExecutionResult Check(ExecutionResult result) =>
        result.Succeeded ? result : throw new InvalidOperationException($"benchmark transaction failed: {result.Failure} {result.Message}");

    /// <summary>Calldata of transfer.wat: recipient word ‖ amount word (amount little-endian in the last 8 bytes).</summary>
    public static byte[] TransferInput(Address recipient, ulong amount)
    {
        var input = new byte[64];
        recipient.CopyTo(input.AsSpan(12));
        BitConverter.TryWriteBytes(input.AsSpan(56), amount);
        return input;
    }

    private sealed class NoBlockHashes : IBlockHashes
    {
        public Hash256? GetBlockHash(ulong number) => null;
    }
}
