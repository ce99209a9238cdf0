using Contracts.Devnet.Chain;
using Contracts.Execution.Results;
using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.World;

namespace Contracts.Devnet.Tests;

/// <summary>
/// A minimal in-test chain for the RPC layer: value transfers only (21,000 gas each), balances and nonces per
/// block, a "signature" that is the transaction's index in a table, and one address whose calls revert with
/// Error("boom"). It checks what the RPC layer sends it, not what a real chain computes.
/// </summary>
internal sealed class FakeChain : IDevnetChain
{
    public static readonly Address Reverter = Address.FromHex("0x00000000000000000000000000000000000000ee");

    private readonly List<DevnetBlock> _blocks = [];
    private readonly List<IReadOnlyList<Receipt>> _receipts = [];
    private readonly List<Dictionary<Address, (UInt256 Balance, ulong Nonce)>> _states = [];
    private readonly List<SignedTransaction> _signed = [];

    public FakeChain(IEnumerable<(Address, UInt256)> alloc, ulong chainId = 31337)
    {
        ChainId = chainId;
        _states.Add(alloc.ToDictionary(a => a.Item1, a => (a.Item2, 0UL)));
        _blocks.Add(NewBlock(0, Hash256.Zero, 0, [], 0));
        _receipts.Add([]);
    }

    public ulong ChainId { get; }

    public ulong BlockGasLimit => 30_000_000;

    public DevnetBlock Head => _blocks[^1];

    public RecentBlocks? Recent => null;

    public int SealCount { get; private set; }

    public bool Disposed { get; private set; }

    public DevnetBlock? BlockByNumber(ulong number) => number < (ulong)_blocks.Count ? _blocks[(int)number] : null;

    public DevnetBlock? BlockByHash(Hash256 hash) => _blocks.FirstOrDefault(b => b.Hash == hash);

    public IReadOnlyList<Receipt> ReceiptsOf(ulong blockNumber) => blockNumber < (ulong)_receipts.Count ? _receipts[(int)blockNumber] : [];

    public IncludedTransaction? TransactionByHash(Hash256 hash)
    {
        foreach (var block in _blocks)
            for (int i = 0; i < block.Transactions.Count; i++)
                if (block.Transactions[i].Hash == hash) return new IncludedTransaction(block.Transactions[i], block.Hash, block.Number, i, block.BaseFee);
        return null;
    }

    public IDevnetState StateAt(ulong blockNumber) => new FakeState(_states[(int)blockNumber]);

    /// <summary>The state overrides the last call or estimate was given.</summary>
    public IReadOnlyDictionary<Address, AccountOverride>? LastOverrides { get; private set; }

    public ExecutionResult Call(Transaction transaction, ulong blockNumber, IReadOnlyDictionary<Address, AccountOverride>? overrides = null)
    {
        LastOverrides = overrides;
        return transaction.To == Reverter
            ? new ExecutionResult { Failure = ExecutionFailure.Reverted, GasUsed = 21_000, ReturnData = ErrorBoom }
            : new ExecutionResult { Failure = ExecutionFailure.None, GasUsed = 21_000, ReturnData = new byte[] { 0x2a } };
    }

    public GasEstimate EstimateGas(Transaction transaction, ulong blockNumber, IReadOnlyDictionary<Address, AccountOverride>? overrides = null)
    {
        LastOverrides = overrides;
        return transaction.To == Reverter ? new GasEstimate(0, Call(transaction, blockNumber, overrides)) : new GasEstimate(21_000, null);
    }

    public SignedTransaction DecodeTransaction(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != 4) throw new FormatException("rlp: expected input list for types.LegacyTx");
        int index = BitConverter.ToInt32(raw);
        lock (_signed) return index >= 0 && index < _signed.Count ? _signed[index] : throw new FormatException("rlp: unknown transaction");
    }

    public SignedTransaction SignTransaction(Transaction transaction, ReadOnlySpan<byte> privateKey)
    {
        var sender = Contracts.Execution.Crypto.Secp256k1.AddressOfPrivateKey(privateKey);
        lock (_signed)
        {
            byte[] raw = BitConverter.GetBytes(_signed.Count);
            var hashed = transaction with { Sender = sender, Hash = Keccak256.Compute([.. raw, .. sender.ToArray(), .. BitConverter.GetBytes(transaction.Nonce)]) };
            var signed = new SignedTransaction(hashed, 1, 2, 3, raw);
            _signed.Add(signed);
            return signed;
        }
    }

    public SealedBlock SealBlock(IReadOnlyList<SignedTransaction> candidates, ulong timestamp)
    {
        SealCount++;
        var state = new Dictionary<Address, (UInt256 Balance, ulong Nonce)>(_states[^1]);
        var included = new List<SignedTransaction>();
        var receipts = new List<Receipt>();
        var rejected = new List<RejectedTransaction>();
        foreach (var signed in candidates)
        {
            var tx = signed.Transaction;
            var (balance, nonce) = state.GetValueOrDefault(tx.Sender);
            if (tx.Nonce != nonce)
            {
                rejected.Add(new RejectedTransaction(signed, tx.Nonce > nonce ? "nonce too high" : "nonce too low"));
                continue;
            }
            var price = tx.EffectiveGasPrice(Head.BaseFee) ?? Head.BaseFee;
            var cost = tx.Value + price * 21_000;
            if (balance < cost)
            {
                rejected.Add(new RejectedTransaction(signed, "insufficient funds for gas * price + value"));
                continue;
            }
            state[tx.Sender] = (balance - cost, nonce + 1);
            if (tx.To is { } to)
            {
                var (toBalance, toNonce) = state.GetValueOrDefault(to);
                state[to] = (toBalance + tx.Value, toNonce);
            }
            receipts.Add(new Receipt
            {
                Type = tx.Type, Succeeded = true, CumulativeGasUsed = 21_000UL * (ulong)(included.Count + 1), Bloom = new LogsBloom(), Logs = [],
                TransactionHash = tx.Hash, TransactionIndex = included.Count, From = tx.Sender, To = tx.To, GasUsed = 21_000, EffectiveGasPrice = price,
            });
            included.Add(signed);
        }
        var block = NewBlock(Head.Number + 1, Head.Hash, timestamp, included, 21_000UL * (ulong)included.Count);
        _blocks.Add(block);
        _receipts.Add(receipts);
        _states.Add(state);
        return new SealedBlock(block, receipts, rejected);
    }

    public DevnetBlock SealStateEdit(Action<IDevnetStateEditor> edit, ulong timestamp, string label)
    {
        var state = new Dictionary<Address, (UInt256 Balance, ulong Nonce)>(_states[^1]);
        edit(new FakeEditor(state));
        var block = NewBlock(Head.Number + 1, Head.Hash, timestamp, [], 0);
        _blocks.Add(block);
        _receipts.Add([]);
        _states.Add(state);
        return block;
    }

    public TransactionTrace? TraceTransaction(Hash256 hash) => null;

    public TransactionTrace TraceCall(Transaction transaction, ulong blockNumber) => new(transaction, Call(transaction, blockNumber), null, 1000);

    public void RewindTo(ulong number)
    {
        int keep = (int)number + 1;
        _blocks.RemoveRange(keep, _blocks.Count - keep);
        _receipts.RemoveRange(keep, _receipts.Count - keep);
        _states.RemoveRange(keep, _states.Count - keep);
    }

    public void Dispose() => Disposed = true;

    /// <summary>A block with empty roots; its hash is the number's unless the test needs several blocks of one number.</summary>
    internal static DevnetBlock NewBlock(ulong number, Hash256 parent, ulong timestamp, IReadOnlyList<SignedTransaction> transactions, ulong gasUsed, Hash256? hash = null) => new()
    {
        Number = number,
        Hash = hash ?? Keccak256.Compute(BitConverter.GetBytes(number)),
        ParentHash = parent,
        Timestamp = timestamp,
        Coinbase = Address.Zero,
        StateRoot = Hash256.EmptyTrieRoot,
        TransactionsRoot = Hash256.EmptyTrieRoot,
        ReceiptsRoot = Hash256.EmptyTrieRoot,
        Bloom = new LogsBloom(),
        GasLimit = 30_000_000,
        GasUsed = gasUsed,
        BaseFee = 1_000_000_000,
        Transactions = transactions,
    };

    /// <summary>ABI encoding of Error("boom").</summary>
    public static readonly byte[] ErrorBoom = Convert.FromHexString(
        "08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020"
        + "0000000000000000000000000000000000000000000000000000000000000004" + "626f6f6d00000000000000000000000000000000000000000000000000000000");

    private sealed class FakeEditor(Dictionary<Address, (UInt256 Balance, ulong Nonce)> accounts) : IDevnetStateEditor
    {
        public void SetBalance(Address address, UInt256 balance) => accounts[address] = (balance, accounts.GetValueOrDefault(address).Nonce);
        public void SetNonce(Address address, ulong nonce) => accounts[address] = (accounts.GetValueOrDefault(address).Balance, nonce);
        public void SetCode(Address address, ReadOnlySpan<byte> code) => throw new NotSupportedException("the fake chain has no code");
        public void SetStorage(Address address, UInt256 slot, UInt256 value) => throw new NotSupportedException("the fake chain has no storage");
    }

    private sealed class FakeState(Dictionary<Address, (UInt256 Balance, ulong Nonce)> accounts) : IDevnetState
    {
        public UInt256 GetBalance(Address address) => accounts.GetValueOrDefault(address).Balance;
        public ulong GetNonce(Address address) => accounts.GetValueOrDefault(address).Nonce;
        public byte[] GetCode(Address address) => [];
        public UInt256 GetStorage(Address address, UInt256 slot) => UInt256.Zero;
        public AccountProof GetProof(Address address, IReadOnlyList<UInt256> slots) =>
            new(address, [], GetBalance(address), GetNonce(address), Hash256.EmptyCode, Hash256.EmptyTrieRoot, Hash256.EmptyTrieRoot, [], []);
    }
}
