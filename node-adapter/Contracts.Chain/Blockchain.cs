using Contracts.Chain.Blocks;
using Contracts.Chain.Receipts;
using Contracts.Chain.Storage;
using Contracts.Chain.Transactions;
using Contracts.Execution.Blocks;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Deployment;
using Contracts.Execution.Processing;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Storage;
using Contracts.State.World;

namespace Contracts.Chain;

/// <summary>
/// The embedding API: a chain of blocks on a state store, from a chain spec's genesis. A producer calls
/// <see cref="BuildBlock"/> (pick valid pool transactions within the gas limit) and <see cref="Commit"/>; a follower
/// calls <see cref="Import"/> (or <see cref="ExecuteBlock"/> + <see cref="Commit"/>). Each commit stores the block,
/// its receipts, per-transaction diffs, the indexes and the new head in the same atomic write as the block's state.
/// <see cref="Call"/> and <see cref="EstimateGas"/> run read-only at any block. Thread-safe: executions run
/// concurrently (each on its own view of the parent state), commits are serialized; one module cache serves all.
/// A commit is readable when it returns; on a store that writes behind it is durable after <see cref="Flush"/>.
/// </summary>
public sealed class Blockchain : IDisposable
{
    private readonly object _commitLock = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<SignedTransaction>, SenderPipeline> _sendersAhead = new();
    private readonly bool _ownsStore;
    private volatile BlockHeader _head;

    private Blockchain(ChainSpec spec, IStateStore store, bool ownsStore, ModuleCache? modules)
    {
        Spec = spec;
        Store = store;
        _ownsStore = ownsStore;
        Executor = new TransactionExecutor(spec, modules);
        Genesis = BuildGenesis(out var genesisState);
        if (store.TryGetRecord(ChainKeys.Head, out var headHash))
        {
            var storedGenesis = GetHeaderByNumber(0);
            if (storedGenesis is null || storedGenesis.Hash != Genesis.Hash)
                throw new ChainStoreException($"the store holds a different chain: its genesis is {storedGenesis?.Hash.ToString() ?? "missing"}, chain spec \"{spec.Name}\" gives {Genesis.Hash}");
            ulong storedChainId = store.TryGetRecord(ChainKeys.ChainId, out var id) && id.Length == 8 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(id.Span) : 0;
            if (storedChainId != spec.ChainId)
                throw new ChainStoreException($"the store holds chain id {storedChainId}, chain spec \"{spec.Name}\" gives {spec.ChainId}");
            _head = GetHeaderByHash(new Hash256(headHash.Span)) ?? throw new ChainStoreException($"the head block {new Hash256(headHash.Span)} is missing from the store");
        }
        else
        {
            var genesisBlock = new Block(Genesis, []);
            genesisState.Commit((root, records) =>
            {
                var id = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(id, spec.ChainId);
                records.Put(ChainKeys.ChainId, id);
                WriteBlockRecords(records, PrepareBlockRecords(genesisBlock, [], [], [], []), root, canonical: true);
            });
            _head = Genesis;
        }
    }

    public ChainSpec Spec { get; }

    public IStateStore Store { get; }

    /// <summary>The executor (and through it the module cache) every block and call of this chain shares.</summary>
    public TransactionExecutor Executor { get; }

    public ModuleCache Modules => Executor.Cache;

    public BlockHeader Genesis { get; }

    /// <summary>
    /// The newest canonical block's header. After a failed write (a store that writes behind) it is at once the last
    /// block on disk again: no reader sees a block whose write failed.
    /// </summary>
    public BlockHeader Head
    {
        get
        {
            if (Store.WhenDurable().IsFaulted) ReloadHead();
            return _head;
        }
    }

    /// <summary>Raised after a block is committed (on the committing thread, outside the commit lock).</summary>
    public event Action<Block, IReadOnlyList<Receipt>>? BlockCommitted;

    /// <summary>A chain on a fresh in-memory store.</summary>
    public static Blockchain OpenInMemory(ChainSpec spec, ModuleCache? modules = null) => Open(spec, new MemoryStateStore(), ownsStore: true, modules);

    /// <summary>
    /// A chain in the RocksDB data directory <paramref name="dataDirectory"/> (created with the genesis when new). Its
    /// store writes behind: <see cref="Commit"/> returns once the block is readable and the block's synced write runs
    /// while the next block executes; <see cref="Flush"/> or <see cref="WhenDurable"/> say when it is on disk.
    /// </summary>
    public static Blockchain Open(ChainSpec spec, string dataDirectory, ModuleCache? modules = null)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var store = RocksDbStateStore.Open(dataDirectory, new RocksDbStateStoreOptions { WriteBehind = true });
        try
        {
            return Open(spec, store, ownsStore: true, modules);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>A chain on <paramref name="store"/>: continues the chain stored there, or starts one at the spec's genesis.</summary>
    public static Blockchain Open(ChainSpec spec, IStateStore store, bool ownsStore = false, ModuleCache? modules = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        return new Blockchain(spec, store, ownsStore, modules);
    }

    // ---- contexts ----

    /// <summary>
    /// The context of a new block on <paramref name="parent"/>: the next number, the EIP-1559 base fee, the parent's
    /// gas limit unless given, this chain's id and the ancestors' hashes. The timestamp must be after the parent's.
    /// </summary>
    public BlockContext NextBlockContext(BlockHeader parent, ulong timestamp, Address coinbase, Hash256 prevRandao = default, ulong? gasLimit = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return new BlockContext
        {
            Number = parent.Number + 1,
            Timestamp = timestamp,
            Coinbase = coinbase,
            PrevRandao = prevRandao,
            BaseFee = BaseFee.Next(parent, Spec.RulesAt(parent.Number + 1)),
            GasLimit = gasLimit ?? parent.GasLimit,
            ChainId = Spec.ChainId,
            BlockHashes = new AncestorHashes(this, parent),
        };
    }

    /// <summary>The context block <paramref name="header"/> executed in (for replay, calls at a block and imports).</summary>
    public BlockContext ContextOf(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new BlockContext
        {
            Number = header.Number,
            Timestamp = header.Timestamp,
            Coinbase = header.Coinbase,
            PrevRandao = header.MixHash,
            BaseFee = header.BaseFeePerGas ?? UInt256.Zero,
            GasLimit = header.GasLimit,
            ChainId = Spec.ChainId,
            BlockHashes = header.Number == 0 ? new AncestorHashes(this, null) : new AncestorHashes(this, GetHeaderByHash(header.ParentHash)),
        };
    }

    // ---- execution ----

    /// <summary>
    /// Executes <paramref name="transactions"/> in order on <paramref name="parent"/>'s state in
    /// <paramref name="context"/>. Every transaction must be valid (else <see cref="InvalidBlockException"/> naming
    /// it and geth's reason). Nothing is stored: <see cref="Commit"/> the result to keep it. Deterministic: the
    /// same inputs give the same result on any machine and thread count.
    /// </summary>
    public BlockResult ExecuteBlock(BlockHeader parent, BlockContext context, IReadOnlyList<SignedTransaction> transactions, ReadOnlyMemory<byte> extraData = default) =>
        Execute(parent, context, transactions, strict: true, extraData, prepareRecords: true);

    /// <summary>
    /// Starts recovering the senders of <paramref name="transactions"/> on the other cores and returns at once: a node
    /// calls it for the next block while this one's state root is hashed and committed (geth's sender cacher does the
    /// same for blocks being imported), so the next <see cref="ExecuteBlock"/>, <see cref="Import"/> or
    /// <see cref="BuildBlock"/> given this same list finds its senders recovered, or picks up the recovery where it is.
    /// Changes no result: a sender is what its signature gives, whoever recovered it.
    /// </summary>
    public void RecoverSendersAhead(IReadOnlyList<SignedTransaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (transactions.Count == 0) return;
        _sendersAhead.AddOrUpdate(transactions, SenderPipeline.Start(transactions));
    }

    /// <summary>
    /// Builds a block on <paramref name="parent"/> from <paramref name="pool"/> (in the order given): each
    /// transaction that is valid at that point and fits the remaining gas is executed and included; the others are
    /// listed in <see cref="BlockResult.Rejected"/> with geth's reason. Nothing is stored until <see cref="Commit"/>.
    /// </summary>
    public BlockResult BuildBlock(BlockHeader parent, BlockContext context, IEnumerable<SignedTransaction> pool, ReadOnlyMemory<byte> extraData = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return Execute(parent, context, pool as IReadOnlyList<SignedTransaction> ?? pool.ToArray(), strict: false, extraData, prepareRecords: true);
    }

    /// <summary><see cref="BuildBlock"/> for a result that is only compared, never committed (replay): no records prepared.</summary>
    internal BlockResult BuildBlockToCompare(BlockHeader parent, BlockContext context, IReadOnlyList<SignedTransaction> transactions, ReadOnlyMemory<byte> extraData) =>
        Execute(parent, context, transactions, strict: false, extraData, prepareRecords: false);

    /// <summary>
    /// Builds a block on <paramref name="parent"/> with no transactions whose state is the parent's changed by
    /// <paramref name="edit"/>: how a development chain applies <c>anvil_setBalance</c> and the like in a block of
    /// their own, so every state root stays that of a block. Such a block cannot be replayed (its change is not a
    /// transaction). Nothing is stored until <see cref="Commit"/>.
    /// </summary>
    public BlockResult BuildStateEditBlock(BlockHeader parent, BlockContext context, Action<WorldState> edit, ReadOnlyMemory<byte> extraData = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return Execute(parent, context, [], strict: true, extraData, prepareRecords: true, edit);
    }

    private BlockResult Execute(BlockHeader parent, BlockContext context, IReadOnlyList<SignedTransaction> transactions, bool strict, ReadOnlyMemory<byte> extraData,
        bool prepareRecords, Action<WorldState>? edit = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transactions);
        var rules = Spec.RulesAt(context.Number);
        CheckContext(parent, context, rules);

        // Senders are recovered on the other cores while this thread executes; a strict block includes every
        // transaction (or throws), so its transactions root is hashed beside execution too.
        if (_sendersAhead.TryGetValue(transactions, out var senders)) _sendersAhead.Remove(transactions);
        else senders = SenderPipeline.Start(transactions);
        var transactionsRoot = strict && transactions.Count > 0 ? Task.Run(() => BlockRoots.TransactionsRoot(transactions)) : null;
        var state = WorldState.OpenAt(Store, parent.StateRoot);
        edit?.Invoke(state);
        var included = new List<SignedTransaction>(transactions.Count);
        var executed = new List<Transaction>(transactions.Count);
        var includedSenders = new List<Address>(transactions.Count);
        var results = new List<ExecutionResult>(transactions.Count);
        var diffs = new List<StateChanges>(transactions.Count);
        var cumulativeGas = new List<ulong>(transactions.Count);
        var rejected = new List<RejectedTransaction>();
        ulong gasUsed = 0;

        for (int i = 0; i < transactions.Count; i++)
        {
            var signed = transactions[i];
            string? error = null;
            ExecutionResult? result = null;
            Transaction? transaction = null;
            StateChanges? diff = null;
            if (senders.SenderAt(i) is not { } sender) error = SenderRecovery.InvalidSender;
            else if (signed.Encoded.Length > rules.Limits.MaxTransactionBytes) error = $"oversized data: transaction size {signed.Encoded.Length}, limit {rules.Limits.MaxTransactionBytes}";
            else if (signed.GasLimit > context.GasLimit - gasUsed) error = "gas limit reached";
            else
            {
                transaction = signed.ToTransaction(sender);
                int checkpoint = state.Checkpoint();
                try
                {
                    result = Executor.Execute(state, context, transaction);
                    diff = state.ChangesSince(checkpoint);
                    state.Release(checkpoint);
                }
                catch (InvalidTransactionException e)
                {
                    state.Revert(checkpoint);
                    error = e.Message;
                }
            }
            if (error is not null)
            {
                if (strict) throw new InvalidBlockException($"could not apply tx {i} [{signed.Hash}]: {error}", i, error);
                rejected.Add(new RejectedTransaction(signed, error));
                continue;
            }

            // Only what the next transaction depends on (the state, the gas used so far) is done here; the
            // receipts are built from these lists after the loop, on another core.
            gasUsed += result!.GasUsed;
            included.Add(signed);
            executed.Add(transaction!);
            includedSenders.Add(transaction!.Sender);
            results.Add(result);
            diffs.Add(diff!);
            cumulativeGas.Add(gasUsed);
        }

        // The state root (the biggest hashing job) is hashed here while another core builds the receipts, their
        // blooms and the receipts root; then the receipts-and-diffs record for Commit is serialized there too (the
        // largest block record; it needs no header, and ExecuteBlock does not wait for it).
        var baseFee = context.BaseFee;
        var receiptsWork = Task.Run(() => BlockReceipts.Build(executed, results, cumulativeGas, baseFee));
        var storedOutcomes = prepareRecords ? receiptsWork.ContinueWith(built => SerializeOutcomes(built.Result.Receipts, results, diffs), TaskScheduler.Default) : null;
        var stateRoot = state.ComputeRoot();
        var (receipts, bloom, receiptsRoot) = receiptsWork.GetAwaiter().GetResult();
        var header = new BlockHeader
        {
            ParentHash = parent.Hash,
            Coinbase = context.Coinbase,
            StateRoot = stateRoot,
            TransactionsRoot = transactionsRoot?.GetAwaiter().GetResult() ?? BlockRoots.TransactionsRoot(included),
            ReceiptsRoot = receiptsRoot,
            Bloom = bloom,
            Number = context.Number,
            GasLimit = context.GasLimit,
            GasUsed = gasUsed,
            Timestamp = context.Timestamp,
            ExtraData = extraData.ToArray(),
            MixHash = context.PrevRandao,
            BaseFeePerGas = context.BaseFee,
        };
        return new BlockResult(new Block(header, included), includedSenders, receipts, results, diffs, rejected, state) { StoredOutcomes = storedOutcomes };
    }

    private void CheckContext(BlockHeader parent, BlockContext context, RuleSet rules)
    {
        if (context.Number != parent.Number + 1)
            throw new InvalidBlockException($"invalid block number: have {context.Number}, want {parent.Number + 1}");
        if (context.ChainId != Spec.ChainId)
            throw new InvalidBlockException($"invalid chain id: have {context.ChainId}, want {Spec.ChainId}");
        if (context.Timestamp <= parent.Timestamp)
            throw new InvalidBlockException($"timestamp older than parent: have {context.Timestamp}, parent {parent.Timestamp}");
        var baseFee = BaseFee.Next(parent, rules);
        if (context.BaseFee != baseFee)
            throw new InvalidBlockException($"invalid baseFee: have {context.BaseFee}, want {baseFee}, parentBaseFee {parent.BaseFeePerGas}, parentGasUsed {parent.GasUsed}");
        ulong limit = parent.GasLimit / 1024;
        ulong difference = context.GasLimit > parent.GasLimit ? context.GasLimit - parent.GasLimit : parent.GasLimit - context.GasLimit;
        if (difference >= limit && difference != 0)
            throw new InvalidBlockException($"invalid gas limit: have {context.GasLimit}, want {parent.GasLimit} +-= {limit - 1}");
        if (context.GasLimit < 5000)
            throw new InvalidBlockException($"invalid gas limit below 5000: have {context.GasLimit}");
    }

    /// <summary>
    /// Executes <paramref name="block"/> on its stored parent, checks that the result matches its header (state,
    /// transactions and receipts roots, bloom, gas used, hash) and commits it. Throws
    /// <see cref="InvalidBlockException"/> naming the first mismatch, geth's way.
    /// </summary>
    public BlockResult Import(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var header = block.Header;
        var parent = GetHeaderByHash(header.ParentHash) ?? throw new InvalidBlockException($"unknown ancestor: block {header.Number} has parent {header.ParentHash}");
        if (header.BaseFeePerGas is null) throw new InvalidBlockException($"block {header.Number} has no base fee");
        var result = Execute(parent, ContextOf(header) with { BlockHashes = new AncestorHashes(this, parent) }, block.Transactions, strict: true, header.ExtraData, prepareRecords: true);
        var local = result.Header;
        if (local.GasUsed != header.GasUsed) throw new InvalidBlockException($"invalid gas used (remote: {header.GasUsed} local: {local.GasUsed})");
        if (local.Bloom != header.Bloom && !local.Bloom.Equals(header.Bloom)) throw new InvalidBlockException("invalid bloom (remote and local differ)");
        if (local.TransactionsRoot != header.TransactionsRoot) throw new InvalidBlockException($"transaction root hash mismatch (header value {header.TransactionsRoot}, calculated {local.TransactionsRoot})");
        if (local.ReceiptsRoot != header.ReceiptsRoot) throw new InvalidBlockException($"invalid receipt root hash (remote: {header.ReceiptsRoot} local: {local.ReceiptsRoot})");
        if (local.StateRoot != header.StateRoot) throw new InvalidBlockException($"invalid merkle root (remote: {header.StateRoot} local: {local.StateRoot})");
        if (local.Hash != header.Hash) throw new InvalidBlockException($"block {header.Number}: header hash mismatch (remote: {header.Hash} local: {local.Hash}); check nonce, difficulty, ommers hash and later fields");
        Commit(result);
        return result;
    }

    /// <summary>
    /// Stores <paramref name="result"/>: the state, the block, its receipts and diffs, and, when it extends the head,
    /// the canonical number index, the transaction index and the new head — all in one atomic, synced write. A
    /// block on another parent is stored (readable by hash) without moving the head. Commit a result once.
    /// Returns when the block is readable (the head, reads, <see cref="Call"/> and the next block's execution see
    /// it); on a store that writes behind (<see cref="Open(ChainSpec, string, ModuleCache?)"/>) it is on disk once
    /// <see cref="WhenDurable"/> completes or <see cref="Flush"/> returns, and blocks are written in commit order. A
    /// write that failed surfaces here or in <see cref="Flush"/> as <see cref="StateStoreErrorKind.WriteFailed"/>,
    /// with the head back at the last block on disk.
    /// </summary>
    public Block Commit(BlockResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_commitLock)
        {
            if (Interlocked.Increment(ref result.CommitCount) != 1) throw new InvalidOperationException("this block result is already committed");
            bool canonical = result.Header.ParentHash == _head.Hash;
            // The block's records are serialized while the state's tries are hashed and stored.
            var prepared = Task.Run(() => PrepareBlockRecords(result.Block, result.Senders, result.Receipts, result.Results, result.Diffs, result.StoredOutcomes));
            try
            {
                var root = result.State.Commit((root, records) =>
                {
                    if (root != result.StateRoot) throw new InvalidOperationException($"state root changed between execution and commit: {result.StateRoot} then {root}");
                    WriteBlockRecords(records, prepared.GetAwaiter().GetResult(), root, canonical);
                });
            }
            catch (StateStoreException e) when (e.Kind == StateStoreErrorKind.WriteFailed)
            {
                ReloadHead();
                throw;
            }
            if (canonical) _head = result.Header;
        }
        BlockCommitted?.Invoke(result.Block, result.Receipts);
        return result.Block;
    }

    /// <summary>
    /// Completes when every block committed before the call is on disk; faults with
    /// <see cref="StateStoreErrorKind.WriteFailed"/> when one could not be written. Already complete on a store whose
    /// commits are durable when they return (in memory: nothing is ever on disk).
    /// </summary>
    public Task WhenDurable() => Store.WhenDurable();

    /// <summary>
    /// Returns when every block committed (or rewound) before the call is on disk: what a node waits for before it
    /// promises a block (a devnet's receipt, an import's report). Throws <see cref="StateStoreErrorKind.WriteFailed"/>
    /// when a write failed; the head is then the last block on disk and the chain takes no more commits (reopen it).
    /// </summary>
    public void Flush()
    {
        try
        {
            Store.Flush();
        }
        catch (StateStoreException e) when (e.Kind == StateStoreErrorKind.WriteFailed)
        {
            ReloadHead();
            throw;
        }
    }

    /// <summary>The head as the store has it after a failed write: the last block whose write succeeded.</summary>
    private void ReloadHead()
    {
        lock (_commitLock)
        {
            if (Store.TryGetRecord(ChainKeys.Head, out var headHash) && GetHeaderByHash(new Hash256(headHash.Span)) is { } head) _head = head;
        }
    }

    /// <summary>A block's records, serialized: the block, its outcomes (receipts and diffs) and its transaction index entries.</summary>
    private sealed record BlockRecords(Block Block, byte[] StoredBlock, byte[] StoredOutcomes, (byte[] Key, byte[] Location)[] TransactionIndex);

    private static BlockRecords PrepareBlockRecords(Block block, IReadOnlyList<Address> senders, IReadOnlyList<Receipt> receipts,
        IReadOnlyList<ExecutionResult> results, IReadOnlyList<StateChanges> diffs, Task<byte[]>? storedOutcomes = null)
    {
        var hash = block.Hash;
        var storedBlock = StoredRecords.SerializeBlock(block.Header.Encode(), block.Transactions, senders);
        var outcomes = storedOutcomes?.GetAwaiter().GetResult() ?? SerializeOutcomes(receipts, results, diffs);
        var index = new (byte[], byte[])[block.Transactions.Count];
        for (int i = 0; i < index.Length; i++) index[i] = (ChainKeys.Transaction(block.Transactions[i].Hash), ChainKeys.Location(hash, i));
        return new BlockRecords(block, storedBlock, outcomes, index);
    }

    /// <summary>The record of a block's receipts (with each transaction's failure message) and state diffs.</summary>
    private static byte[] SerializeOutcomes(IReadOnlyList<Receipt> receipts, IReadOnlyList<ExecutionResult> results, IReadOnlyList<StateChanges> diffs) =>
        StoredRecords.SerializeOutcomes(receipts, results, diffs);

    private static void WriteBlockRecords(IStateRecordWriter records, BlockRecords prepared, Hash256 root, bool canonical)
    {
        var block = prepared.Block;
        var hash = block.Hash;
        records.Put(ChainKeys.Block(hash), prepared.StoredBlock);
        records.Put(ChainKeys.Outcomes(hash), prepared.StoredOutcomes);
        if (!canonical) return;
        foreach (var (key, location) in prepared.TransactionIndex) records.Put(key, location);
        records.Put(ChainKeys.Canonical(block.Number), hash.ToArray());
        records.Put(ChainKeys.Head, hash.ToArray());
        records.SetHead(root);
    }

    /// <summary>
    /// Makes canonical block <paramref name="number"/> the head again, as if the blocks after it had never been
    /// mined (a devnet's <c>evm_revert</c>): their canonical numbers and transaction indexes are deleted and the head
    /// moves, in one atomic write. The blocks stay readable by hash, as side-chain blocks are; their state is kept
    /// (trie nodes are never deleted). Returns the new head.
    /// </summary>
    public BlockHeader RewindTo(ulong number)
    {
        lock (_commitLock)
        {
            var head = _head;
            if (number > head.Number) throw new ArgumentOutOfRangeException(nameof(number), $"block {number} is after the head {head.Number}");
            var target = GetHeaderByNumber(number) ?? throw new ChainStoreException($"canonical block {number} is missing from the store");
            if (number == head.Number) return target;
            using var batch = Store.BeginCommit();
            for (ulong n = head.Number; n > number; n--)
            {
                if (CanonicalHash(n) is { } hash && ReadStoredBlock(hash) is { } stored)
                    foreach (var encoded in stored.Transactions) batch.Delete(ChainKeys.Transaction(Contracts.State.Crypto.Keccak256.Compute(encoded)));
                batch.Delete(ChainKeys.Canonical(n));
            }
            batch.Put(ChainKeys.Head, target.Hash.ToArray());
            batch.SetHead(target.StateRoot);
            try
            {
                batch.Complete();
            }
            catch (StateStoreException e) when (e.Kind == StateStoreErrorKind.WriteFailed)
            {
                ReloadHead();
                throw;
            }
            _head = target;
            return target;
        }
    }

    // ---- read-only execution ----

    /// <summary>The state after block <paramref name="header"/> (a private, writable view: changes stay in it).</summary>
    public WorldState StateAt(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return WorldState.OpenAt(Store, header.StateRoot);
    }

    /// <summary>The state after canonical block <paramref name="number"/>, or null when there is no such block.</summary>
    public WorldState? StateAt(ulong number) => GetHeaderByNumber(number) is { } header ? StateAt(header) : null;

    /// <summary>
    /// Runs <paramref name="transaction"/> on the state after <paramref name="at"/> (default: the head) in that
    /// block's context without keeping anything (<c>eth_call</c>). A gas limit of 0 means the block's.
    /// </summary>
    public ExecutionResult Call(Transaction transaction, BlockHeader? at = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        at ??= Head;
        return Executor.Call(StateAt(at), ContextOf(at), transaction);
    }

    /// <summary>
    /// The least gas limit with which <paramref name="transaction"/> succeeds on the state after
    /// <paramref name="at"/> (default: the head), found as geth does (a binary search between the gas used and the
    /// cap, which is the transaction's gas limit or else the block's). Throws <see cref="TransactionFailedException"/>
    /// when it fails even at the cap.
    /// </summary>
    public ulong EstimateGas(Transaction transaction, BlockHeader? at = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        at ??= Head;
        return EstimateGas(transaction, StateAt(at), at);
    }

    /// <summary>
    /// <see cref="EstimateGas(Transaction, BlockHeader?)"/> on a given view of the state after <paramref name="at"/>
    /// (changed by the caller first, e.g. by an RPC state override); every run leaves <paramref name="state"/> as it was.
    /// </summary>
    public ulong EstimateGas(Transaction transaction, WorldState state, BlockHeader at)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(at);
        var context = ContextOf(at);
        ulong cap = transaction.GasLimit != 0 ? transaction.GasLimit : at.GasLimit;
        var atCap = Executor.Call(state, context, transaction with { GasLimit = cap });
        if (!atCap.Succeeded) throw new TransactionFailedException(atCap, cap);
        ulong intrinsic = TransactionValidator.IntrinsicGas(transaction, Spec.RulesAt(context.Number));
        ulong low = Math.Max(intrinsic, atCap.GasUsed + atCap.GasRefunded) - 1;
        ulong high = cap;
        // Most transactions need only what they used (plus the 1/64 kept back by calls): try that first.
        ulong optimistic = Math.Min(cap, (atCap.GasUsed + atCap.GasRefunded) * 64 / 63);
        if (optimistic > low && optimistic < high)
        {
            if (Executor.Call(state, context, transaction with { GasLimit = optimistic }).Succeeded) high = optimistic;
            else low = optimistic;
        }
        while (low + 1 < high)
        {
            // geth stops within 1.5% of the answer; an exact answer costs a few more runs and is deterministic.
            ulong middle = low + (high - low) / 2;
            if (Executor.Call(state, context, transaction with { GasLimit = middle }).Succeeded) high = middle;
            else low = middle;
        }
        return high;
    }

    // ---- reads ----

    public BlockHeader? GetHeaderByHash(Hash256 hash) => ReadStoredBlock(hash) is { } stored ? BlockHeader.Decode(stored.Header) : null;

    public BlockHeader? GetHeaderByNumber(ulong number) => CanonicalHash(number) is { } hash ? GetHeaderByHash(hash) : null;

    /// <summary>The hash of canonical block <paramref name="number"/>, or null.</summary>
    public Hash256? CanonicalHash(ulong number) =>
        Store.TryGetRecord(ChainKeys.Canonical(number), out var hash) ? new Hash256(hash.Span) : null;

    public Block? GetBlockByHash(Hash256 hash) => ReadStoredBlock(hash) is { } stored ? ToBlock(stored) : null;

    public Block? GetBlockByNumber(ulong number) => CanonicalHash(number) is { } hash ? GetBlockByHash(hash) : null;

    /// <summary>The receipts of block <paramref name="blockHash"/> (empty for an unknown block).</summary>
    public IReadOnlyList<ChainReceipt> GetReceipts(Hash256 blockHash)
    {
        if (ReadStoredBlock(blockHash) is not { } stored || ReadOutcomes(blockHash) is not { } outcomes) return [];
        var header = BlockHeader.Decode(stored.Header);
        var receipts = new ChainReceipt[outcomes.Receipts.Length];
        int logIndex = 0;
        for (int i = 0; i < receipts.Length; i++)
        {
            var transaction = TransactionEncoding.Decode(stored.Transactions[i]);
            var receipt = StoredRecords.FromStored(outcomes.Receipts[i], transaction.Type, transaction.Hash, i, new Address(stored.Senders[i]), transaction.To);
            receipts[i] = new ChainReceipt(receipt, blockHash, header.Number, logIndex, outcomes.Receipts[i].Message);
            logIndex += receipt.Logs.Count;
        }
        return receipts;
    }

    /// <summary>The per-transaction state diffs stored with block <paramref name="blockHash"/> (empty for an unknown block).</summary>
    public IReadOnlyList<StateChanges> GetDiffs(Hash256 blockHash) =>
        ReadOutcomes(blockHash) is { } outcomes ? outcomes.Diffs.Select(StoredRecords.FromStored).ToArray() : [];

    /// <summary>The receipt of canonical transaction <paramref name="transactionHash"/>, or null.</summary>
    public ChainReceipt? GetReceipt(Hash256 transactionHash) =>
        Locate(transactionHash) is { } location ? GetReceipts(location.BlockHash)[location.Index] : null;

    /// <summary>Canonical transaction <paramref name="transactionHash"/> with its block, index and sender, or null.</summary>
    public ChainTransaction? GetTransaction(Hash256 transactionHash)
    {
        if (Locate(transactionHash) is not { } location) return null;
        var (stored, header) = (location.Block, location.Header);
        var transaction = TransactionEncoding.Decode(stored.Transactions[location.Index]);
        var sender = new Address(stored.Senders[location.Index]);
        transaction.CachedSender = sender;
        return new ChainTransaction(transaction, sender, location.BlockHash, header.Number, location.Index);
    }

    /// <summary>Logs of canonical blocks matching <paramref name="filter"/>, in chain order (blocks skipped by their bloom).</summary>
    public IReadOnlyList<ChainLog> GetLogs(LogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var logs = new List<ChainLog>();
        ulong to = Math.Min(filter.ToBlock, Head.Number);
        for (ulong number = filter.FromBlock; number <= to; number++)
        {
            if (GetHeaderByNumber(number) is not { } header || !BloomMayMatch(header.Bloom, filter)) continue;
            foreach (var receipt in GetReceipts(header.Hash))
            {
                for (int i = 0; i < receipt.Receipt.Logs.Count; i++)
                {
                    var log = receipt.Receipt.Logs[i];
                    if (filter.Matches(log))
                        logs.Add(new ChainLog(log, header.Hash, number, receipt.Receipt.TransactionHash, receipt.Receipt.TransactionIndex, receipt.FirstLogIndex + i));
                }
            }
            if (number == ulong.MaxValue) break;
        }
        return logs;
    }

    private static bool BloomMayMatch(LogsBloom bloom, LogFilter filter)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (filter.Addresses.Count > 0 && !filter.Addresses.Any(a => { Span<byte> b = stackalloc byte[20]; a.CopyTo(b); return bloom.MayContain(b); })) return false;
        foreach (var position in filter.Topics)
        {
            if (position is not { Count: > 0 }) continue;
            bool any = false;
            foreach (var topic in position)
            {
                topic.CopyTo(bytes);
                if (bloom.MayContain(bytes)) { any = true; break; }
            }
            if (!any) return false;
        }
        return true;
    }

    /// <summary>Where canonical transaction <paramref name="transactionHash"/> is, with its stored block (read once here).</summary>
    internal (Hash256 BlockHash, int Index, StoredBlock Block, BlockHeader Header)? Locate(Hash256 transactionHash)
    {
        if (!Store.TryGetRecord(ChainKeys.Transaction(transactionHash), out var value)) return null;
        var span = value.Span;
        var blockHash = new Hash256(span[..32]);
        if (ReadStoredBlock(blockHash) is not { } stored) return null;
        var header = BlockHeader.Decode(stored.Header);
        // Commit writes the index with the block and moves the head just after: until then the block is not the
        // chain's, so a reader never sees a receipt whose block's state (nonces, code) the head does not show yet.
        if (header.Number > _head.Number) return null;
        return (blockHash, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(span[32..]), stored, header);
    }

    /// <summary>
    /// Whether the transaction index places <paramref name="transactionHash"/> at <paramref name="index"/> of block
    /// <paramref name="blockHash"/>: one record read and compared, where <see cref="Locate"/> also reads and decodes
    /// the block (replay checks every transaction of a block this way).
    /// </summary>
    internal bool IsIndexedAt(Hash256 transactionHash, Hash256 blockHash, int index)
    {
        if (!Store.TryGetRecord(ChainKeys.Transaction(transactionHash), out var value)) return false;
        var span = value.Span;
        return span.Length == 36 && new Hash256(span[..32]) == blockHash && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(span[32..]) == index;
    }

    internal StoredBlock? ReadStoredBlock(Hash256 hash) =>
        Store.TryGetRecord(ChainKeys.Block(hash), out var bytes) ? StoredRecords.DeserializeBlock(bytes) : null;

    internal StoredOutcomes? ReadOutcomes(Hash256 hash) =>
        Store.TryGetRecord(ChainKeys.Outcomes(hash), out var bytes) ? StoredRecords.DeserializeOutcomes(bytes) : null;

    private static Block ToBlock(StoredBlock stored)
    {
        var transactions = new SignedTransaction[stored.Transactions.Length];
        for (int i = 0; i < transactions.Length; i++)
        {
            transactions[i] = TransactionEncoding.Decode(stored.Transactions[i]);
            transactions[i].CachedSender = new Address(stored.Senders[i]);
        }
        return new Block(BlockHeader.Decode(stored.Header), transactions);
    }

    private BlockHeader BuildGenesis(out WorldState state)
    {
        var genesis = Spec.Genesis;
        state = WorldState.OpenAt(Store, Hash256.EmptyTrieRoot);
        GenesisState.Apply(state, genesis);
        return new BlockHeader
        {
            ParentHash = Hash256.Zero,
            Coinbase = genesis.Coinbase,
            StateRoot = state.ComputeRoot(),
            Number = 0,
            GasLimit = genesis.GasLimit,
            Timestamp = genesis.Timestamp,
            ExtraData = genesis.ExtraData.ToArray(),
            MixHash = genesis.MixHash,
            BaseFeePerGas = genesis.BaseFeePerGas,
        };
    }

    /// <summary>
    /// Closes the store when the chain owns it, which first writes every block still waiting for its write (and throws
    /// <see cref="StateStoreErrorKind.WriteFailed"/> for a failed write no commit or flush reported). A store passed in
    /// by the caller stays open: closing it is what writes its pending blocks.
    /// </summary>
    public void Dispose()
    {
        if (_ownsStore) Store.Dispose();
    }

    /// <summary>
    /// The hashes of a block's ancestors: along the canonical index when the parent is canonical, else by walking
    /// parent hashes (a side chain), so a block always sees its own ancestry.
    /// </summary>
    private sealed class AncestorHashes(Blockchain chain, BlockHeader? parent) : IBlockHashes
    {
        public Hash256? GetBlockHash(ulong number)
        {
            if (parent is null || number > parent.Number) return null;
            if (number == parent.Number) return parent.Hash;
            if (chain.CanonicalHash(parent.Number) == parent.Hash) return chain.CanonicalHash(number);
            var header = parent;
            while (header.Number > number)
            {
                header = chain.GetHeaderByHash(header.ParentHash);
                if (header is null) return null;
            }
            return header.Hash;
        }
    }
}

/// <summary>A call or gas estimate whose transaction fails (reverts, runs out of gas, traps) even at the gas cap.</summary>
public sealed class TransactionFailedException(ExecutionResult result, ulong gasCap)
    : Exception(result.Failure == ExecutionFailure.OutOfGas ? $"gas required exceeds allowance ({gasCap})" : result.Failure == ExecutionFailure.Reverted ? "execution reverted" : $"execution failed: {result.Failure}: {result.Message}")
{
    public ExecutionResult Result { get; } = result;
}
