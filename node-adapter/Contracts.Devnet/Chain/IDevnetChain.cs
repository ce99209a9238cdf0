using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Devnet.Chain;

/// <summary>
/// What the devnet needs of a chain: the head and its history, state at a block, read-only calls, the signed
/// transaction encoding, and a way to seal the next block from candidate transactions. The RPC layer and the block
/// producer know only this interface; <see cref="BlockchainDevnetChain"/> puts it on the chain layer. Calls are
/// made under the node's lock (one writer), reads may come from any thread between writes.
/// </summary>
public interface IDevnetChain : IDisposable
{
    ulong ChainId { get; }

    /// <summary>The block gas limit the next block will have.</summary>
    ulong BlockGasLimit { get; }

    DevnetBlock Head { get; }

    /// <summary>
    /// The blocks sealed lately with their receipts, readable without the node's lock (null when the chain keeps none):
    /// a client polling for its receipt is answered while the next block is being sealed.
    /// </summary>
    RecentBlocks? Recent { get; }

    DevnetBlock? BlockByNumber(ulong number);

    DevnetBlock? BlockByHash(Hash256 hash);

    /// <summary>The receipts of a block, in transaction order (empty for an unknown block).</summary>
    IReadOnlyList<Receipt> ReceiptsOf(ulong blockNumber);

    /// <summary>A transaction in a sealed block, with where it is.</summary>
    IncludedTransaction? TransactionByHash(Hash256 hash);

    /// <summary>The state of the chain after block <paramref name="blockNumber"/>.</summary>
    IDevnetState StateAt(ulong blockNumber);

    /// <summary>
    /// Runs a transaction on the state after <paramref name="blockNumber"/>, changed first by
    /// <paramref name="overrides"/> when given, without keeping anything (eth_call).
    /// </summary>
    ExecutionResult Call(Transaction transaction, ulong blockNumber, IReadOnlyDictionary<Address, AccountOverride>? overrides = null);

    /// <summary>
    /// The smallest gas limit with which <paramref name="transaction"/> succeeds on the state after
    /// <paramref name="blockNumber"/>, changed first by <paramref name="overrides"/> when given (eth_estimateGas).
    /// </summary>
    GasEstimate EstimateGas(Transaction transaction, ulong blockNumber, IReadOnlyDictionary<Address, AccountOverride>? overrides = null);

    /// <summary>Decodes a signed transaction (EIP-2718 envelope or legacy RLP) and recovers its sender; throws <see cref="FormatException"/>.</summary>
    SignedTransaction DecodeTransaction(ReadOnlySpan<byte> raw);

    /// <summary>Signs <paramref name="transaction"/> (its sender is ignored) with <paramref name="privateKey"/>.</summary>
    SignedTransaction SignTransaction(Transaction transaction, ReadOnlySpan<byte> privateKey);

    /// <summary>
    /// Executes <paramref name="candidates"/> in order on the head state, leaves out those that cannot be included,
    /// seals the block at <paramref name="timestamp"/>, commits it atomically and makes it the head.
    /// </summary>
    SealedBlock SealBlock(IReadOnlyList<SignedTransaction> candidates, ulong timestamp);

    /// <summary>Seals an empty block at <paramref name="timestamp"/> whose state is the head's changed by <paramref name="edit"/> (anvil_setBalance and kin).</summary>
    DevnetBlock SealStateEdit(Action<IDevnetStateEditor> edit, ulong timestamp, string label);

    /// <summary>Runs mined transaction <paramref name="hash"/> again on its block's state with a call-tree tracer; null when unknown.</summary>
    TransactionTrace? TraceTransaction(Hash256 hash);

    /// <summary>Runs <paramref name="transaction"/> as <see cref="Call"/> does, with a call-tree tracer.</summary>
    TransactionTrace TraceCall(Transaction transaction, ulong blockNumber);

    /// <summary>Makes block <paramref name="number"/> the head again, forgetting the blocks after it (evm_revert).</summary>
    void RewindTo(ulong number);
}

/// <summary>The changes a development helper may make to the head state.</summary>
public interface IDevnetStateEditor
{
    void SetBalance(Address address, UInt256 balance);

    void SetNonce(Address address, ulong nonce);

    void SetCode(Address address, ReadOnlySpan<byte> code);

    void SetStorage(Address address, UInt256 slot, UInt256 value);
}
