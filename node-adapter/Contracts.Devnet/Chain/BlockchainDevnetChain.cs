using System.Runtime.CompilerServices;
using Contracts.Chain;
using Contracts.Chain.Blocks;
using Contracts.Chain.Transactions;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Results;
using Contracts.Execution.Tracing;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.World;
using ChainSignedTransaction = Contracts.Chain.Transactions.SignedTransaction;

namespace Contracts.Devnet.Chain;

/// <summary>
/// The devnet on the real chain: <see cref="Blockchain"/> in memory or in a RocksDB data directory. Every sealed
/// block is committed (state, block, receipts, indexes and head in one atomic write) before the pool hears of it, so
/// a receipt the RPC returned survives a crash and a restart from the data directory continues the same chain.
/// </summary>
public sealed class BlockchainDevnetChain : IDevnetChain
{
    /// <summary>The address the devnet's blocks pay their tips to (anvil's default coinbase is the zero address too).</summary>
    public static readonly Address DefaultCoinbase = Address.Zero;

    // The chain's signed transaction behind each devnet one, so sealing reuses the decoding and the recovered sender.
    private readonly ConditionalWeakTable<SignedTransaction, ChainSignedTransaction> _native = [];
    private readonly Address _coinbase;
    private readonly RecentBlocks _recent = new();
    private DevnetBlock _head;

    public BlockchainDevnetChain(Blockchain chain, Address? coinbase = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Blockchain = chain;
        _coinbase = coinbase ?? DefaultCoinbase;
        _head = ToDevnetBlock(chain.GetBlockByHash(chain.Head.Hash) ?? throw new ChainStoreException($"the head block {chain.Head.Hash} is missing from the store"));
    }

    /// <summary>A devnet chain in memory (everything is lost when it is disposed).</summary>
    public static BlockchainDevnetChain OpenInMemory(ChainSpec spec) => new(Blockchain.OpenInMemory(spec));

    /// <summary>A devnet chain in the RocksDB directory <paramref name="dataDirectory"/>: continues the chain stored there, or starts one at the spec's genesis.</summary>
    public static BlockchainDevnetChain Open(ChainSpec spec, string dataDirectory)
    {
        var chain = Blockchain.Open(spec, dataDirectory);
        try
        {
            return new BlockchainDevnetChain(chain);
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>The chain underneath, for what the devnet interface does not cover (tracing, proofs, export).</summary>
    public Blockchain Blockchain { get; }

    public ulong ChainId => Blockchain.Spec.ChainId;

    public ulong BlockGasLimit => Blockchain.Head.GasLimit;

    public DevnetBlock Head => Volatile.Read(ref _head);

    public RecentBlocks Recent => _recent;

    public DevnetBlock? BlockByNumber(ulong number)
    {
        var head = Head;
        if (number == head.Number) return head;
        if (number > head.Number) return null;
        return _recent.BlockByNumber(number) ?? (Blockchain.GetBlockByNumber(number) is { } block ? ToDevnetBlock(block) : null);
    }

    public DevnetBlock? BlockByHash(Hash256 hash)
    {
        var head = Head;
        if (hash == head.Hash) return head;
        return _recent.BlockByHash(hash) ?? (Blockchain.GetBlockByHash(hash) is { } block ? ToDevnetBlock(block) : null);
    }

    public IReadOnlyList<Receipt> ReceiptsOf(ulong blockNumber) =>
        _recent.ReceiptsOf(blockNumber)
        ?? (Blockchain.CanonicalHash(blockNumber) is { } hash ? [.. Blockchain.GetReceipts(hash).Select(r => r.Receipt)] : []);

    public IncludedTransaction? TransactionByHash(Hash256 hash)
    {
        if (_recent.TransactionByHash(hash) is { } recent) return recent;
        if (Blockchain.GetTransaction(hash) is not { } found) return null;
        var header = found.BlockNumber == Head.Number ? null : Blockchain.GetHeaderByHash(found.BlockHash);
        var baseFee = header is null ? Head.BaseFee : header.BaseFeePerGas ?? UInt256.Zero;
        return new IncludedTransaction(ToDevnet(found.Transaction, found.Sender), found.BlockHash, found.BlockNumber, found.Index, baseFee);
    }

    public IDevnetState StateAt(ulong blockNumber)
    {
        var header = HeaderAt(blockNumber);
        return new State(Blockchain, Blockchain.StateAt(header), header.StateRoot);
    }

    public ExecutionResult Call(Transaction transaction, ulong blockNumber, IReadOnlyDictionary<Address, AccountOverride>? overrides = null)
    {
        var header = HeaderAt(blockNumber);
        if (overrides is null) return Blockchain.Call(transaction, header);
        return Blockchain.Executor.Call(OverriddenState(header, overrides), Blockchain.ContextOf(header), transaction);
    }

    public GasEstimate EstimateGas(Transaction transaction, ulong blockNumber, IReadOnlyDictionary<Address, AccountOverride>? overrides = null)
    {
        var header = HeaderAt(blockNumber);
        try
        {
            return new GasEstimate(overrides is null ? Blockchain.EstimateGas(transaction, header) : Blockchain.EstimateGas(transaction, OverriddenState(header, overrides), header), null);
        }
        catch (TransactionFailedException e)
        {
            return new GasEstimate(0, e.Result);
        }
    }

    private WorldState OverriddenState(BlockHeader header, IReadOnlyDictionary<Address, AccountOverride> overrides)
    {
        var state = Blockchain.StateAt(header);
        ApplyOverrides(state, overrides);
        return state;
    }

    /// <summary>Changes a private state view as geth's state override set asks.</summary>
    internal static void ApplyOverrides(WorldState state, IReadOnlyDictionary<Address, AccountOverride> overrides)
    {
        foreach (var (address, change) in overrides)
        {
            if (change.Balance is { } balance) state.SetBalance(address, balance);
            if (change.Nonce is { } nonce) state.SetNonce(address, nonce);
            if (change.Code is { } code) state.SetCode(address, code);
            if (change.State is { } slots)
            {
                // The whole storage replaced: the store keeps no way to clear an account's slots in a view, so an account
                // that has some is refused rather than merged (stateDiff merges).
                if (state.GetAccount(address) is { } account && account.StorageRoot != Hash256.EmptyTrieRoot)
                    throw Rpc.RpcException.InvalidParams($"state override of {address}: replacing existing storage ('state') is not supported by this node; use 'stateDiff'");
                foreach (var (slot, value) in slots) state.SetSlot(address, slot, value);
            }
            if (change.StateDiff is { } diff)
                foreach (var (slot, value) in diff) state.SetSlot(address, slot, value);
        }
    }

    public SignedTransaction DecodeTransaction(ReadOnlySpan<byte> raw)
    {
        var decoded = TransactionEncoding.Decode(raw);
        if (!SenderRecovery.TryRecover(decoded, out var sender)) throw new FormatException(SenderRecovery.InvalidSender);
        return ToDevnet(decoded, sender);
    }

    public SignedTransaction SignTransaction(Transaction transaction, ReadOnlySpan<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var unsigned = new UnsignedTransaction
        {
            Type = transaction.Type,
            ChainId = transaction.ChainId,
            Nonce = transaction.Nonce,
            GasPrice = transaction.GasPrice,
            MaxPriorityFeePerGas = transaction.MaxPriorityFeePerGas,
            MaxFeePerGas = transaction.MaxFeePerGas,
            GasLimit = transaction.GasLimit,
            To = transaction.To,
            Value = transaction.Value,
            Data = transaction.Data,
            AccessList = transaction.AccessList,
        };
        var signed = TransactionSigner.Sign(unsigned, privateKey);
        return ToDevnet(signed, SenderRecovery.Recover(signed));
    }

    public SealedBlock SealBlock(IReadOnlyList<SignedTransaction> candidates, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var parent = Blockchain.Head;
        var natives = new ChainSignedTransaction[candidates.Count];
        var byNative = new Dictionary<ChainSignedTransaction, SignedTransaction>(candidates.Count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < natives.Length; i++)
        {
            natives[i] = NativeOf(candidates[i]);
            byNative[natives[i]] = candidates[i];
        }
        var context = Blockchain.NextBlockContext(parent, timestamp, _coinbase);
        var result = Blockchain.BuildBlock(parent, context, natives);
        var block = Blockchain.Commit(result);
        // A sealed block's receipts are promised to clients: on disk before they are answered.
        Blockchain.Flush();
        var included = block.Transactions.Select((t, i) => byNative.TryGetValue(t, out var mine) ? mine : ToDevnet(t, result.Senders[i])).ToList();
        var sealedBlock = ToDevnetBlock(block, included);
        _recent.Add(sealedBlock, result.Receipts);
        Volatile.Write(ref _head, sealedBlock);
        var rejected = result.Rejected.Select(r => new RejectedTransaction(byNative[r.Transaction], r.Reason)).ToList();
        return new SealedBlock(sealedBlock, result.Receipts, rejected);
    }

    public DevnetBlock SealStateEdit(Action<IDevnetStateEditor> edit, ulong timestamp, string label)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var parent = Blockchain.Head;
        var context = Blockchain.NextBlockContext(parent, timestamp, _coinbase);
        var result = Blockchain.BuildStateEditBlock(parent, context, state => edit(new StateEditor(state)), System.Text.Encoding.ASCII.GetBytes(label));
        var sealedBlock = ToDevnetBlock(Blockchain.Commit(result), []);
        Blockchain.Flush();
        _recent.Add(sealedBlock, []);
        Volatile.Write(ref _head, sealedBlock);
        return sealedBlock;
    }

    public TransactionTrace? TraceTransaction(Hash256 hash)
    {
        if (Blockchain.GetTransaction(hash) is not { } found || Blockchain.GetBlockByHash(found.BlockHash) is not { } block) return null;
        var parent = Blockchain.GetHeaderByHash(block.Header.ParentHash) ?? throw new ChainStoreException($"the parent of block {block.Number} is missing from the store");
        var state = Blockchain.StateAt(parent);
        var context = Blockchain.ContextOf(block.Header);
        for (int i = 0; i < found.Index; i++)
        {
            var before = block.Transactions[i];
            Blockchain.Executor.Execute(state, context, before.ToTransaction(SenderRecovery.Recover(before)));
        }
        var tracer = new CallTreeTracer();
        var transaction = found.Transaction.ToTransaction(found.Sender);
        var result = Blockchain.Executor.Execute(state, context, transaction, tracer);
        return new TransactionTrace(transaction, result, tracer.Root, Blockchain.Spec.RulesAt(block.Number).WasmGasPerChainGas);
    }

    public TransactionTrace TraceCall(Transaction transaction, ulong blockNumber)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var header = HeaderAt(blockNumber);
        var tracer = new CallTreeTracer();
        var result = Blockchain.Executor.Call(Blockchain.StateAt(header), Blockchain.ContextOf(header), transaction, tracer);
        return new TransactionTrace(transaction, result, tracer.Root, Blockchain.Spec.RulesAt(header.Number).WasmGasPerChainGas);
    }

    public void RewindTo(ulong number)
    {
        var head = Blockchain.RewindTo(number);
        Blockchain.Flush();
        _recent.ForgetAbove(number);
        Volatile.Write(ref _head, ToDevnetBlock(Blockchain.GetBlockByHash(head.Hash) ?? throw new ChainStoreException($"block {head.Hash} is missing from the store")));
    }

    public void Dispose() => Blockchain.Dispose();

    // The head's header is held by the chain: reading the head's state (every admission, every call) costs no store read.
    private BlockHeader HeaderAt(ulong blockNumber) =>
        Blockchain.Head is var head && head.Number == blockNumber ? head
            : Blockchain.GetHeaderByNumber(blockNumber) ?? throw Rpc.RpcException.Server("header not found");

    private ChainSignedTransaction NativeOf(SignedTransaction transaction) =>
        _native.TryGetValue(transaction, out var native) ? native : TransactionEncoding.Decode(transaction.Raw.Span);

    private SignedTransaction ToDevnet(ChainSignedTransaction signed, Address sender)
    {
        var transaction = signed.ToTransaction(sender);
        var signature = signed.Signature;
        var v = signed.Type == TransactionType.Legacy ? signature.LegacyV(signed.ChainId) : (UInt256)signature.YParity;
        var devnet = new SignedTransaction(transaction, v, signature.R, signature.S, signed.Encoded);
        _native.AddOrUpdate(devnet, signed);
        return devnet;
    }

    private DevnetBlock ToDevnetBlock(Block block) =>
        ToDevnetBlock(block, [.. block.Transactions.Select(t => ToDevnet(t, SenderRecovery.Recover(t)))]);

    private static DevnetBlock ToDevnetBlock(Block block, IReadOnlyList<SignedTransaction> transactions)
    {
        var header = block.Header;
        return new DevnetBlock
        {
            Number = header.Number,
            Hash = header.Hash,
            ParentHash = header.ParentHash,
            Timestamp = header.Timestamp,
            Coinbase = header.Coinbase,
            StateRoot = header.StateRoot,
            TransactionsRoot = header.TransactionsRoot,
            ReceiptsRoot = header.ReceiptsRoot,
            Bloom = header.Bloom,
            GasLimit = header.GasLimit,
            GasUsed = header.GasUsed,
            BaseFee = header.BaseFeePerGas ?? UInt256.Zero,
            MixHash = header.MixHash,
            ExtraData = header.ExtraData,
            Size = (ulong)block.Encode().Length,
            Transactions = transactions,
        };
    }

    private sealed class StateEditor(WorldState state) : IDevnetStateEditor
    {
        public void SetBalance(Address address, UInt256 balance) => state.SetBalance(address, balance);

        public void SetNonce(Address address, ulong nonce) => state.SetNonce(address, nonce);

        public void SetCode(Address address, ReadOnlySpan<byte> code) => state.SetCode(address, code);

        public void SetStorage(Address address, UInt256 slot, UInt256 value) => state.SetSlot(address, slot, value);
    }

    /// <summary>The accounts at one committed state root, read through a private view of the store.</summary>
    private sealed class State(Blockchain chain, WorldState world, Hash256 root) : IDevnetState
    {
        public UInt256 GetBalance(Address address) => world.GetBalance(address);

        public ulong GetNonce(Address address) => world.GetNonce(address);

        public byte[] GetCode(Address address) => world.GetCode(address) ?? [];

        public UInt256 GetStorage(Address address, UInt256 slot) => world.GetSlot(address, slot);

        public AccountProof GetProof(Address address, IReadOnlyList<UInt256> slots) => StateProofs.Get(chain.Store, root, address, slots);
    }
}
