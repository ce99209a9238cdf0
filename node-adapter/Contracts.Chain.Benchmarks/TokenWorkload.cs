using Contracts.Chain.Transactions;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Crypto;
using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Chain.Benchmarks;

/// <summary>
/// The benchmark's chain: the devnet's rules with a genesis that funds <see cref="Senders"/> accounts (keys derived
/// from their index) and a gas limit that fits a block of transfers; block 1 deploys the sample token
/// (node-adapter/samples/token) from the first account, which holds the whole supply; block 2 gives each sender
/// tokens; every later block holds one signed <c>transfer(to, amount)</c> per sender, each to a recipient never seen
/// before (so every transfer writes a new balance slot, as a busy token's blocks do). Everything is deterministic:
/// the same arguments give the same blocks, hashes and state roots.
/// </summary>
public sealed class TokenWorkload
{
    private static readonly UInt256 MaxFeePerGas = 1_000_000_000_000ul; // 1,000 gwei: far above any base fee the run reaches
    private static readonly UInt256 Tip = 1_000_000ul;
    private const ulong TransferGasLimit = 200_000;
    private const ulong DeployGasLimit = 50_000_000;
    private static readonly byte[] TransferSelector = [0xa9, 0x05, 0x9c, 0xbb]; // transfer(address,uint256)

    private readonly byte[][] _keys;
    private readonly byte[] _token;

    public TokenWorkload(int senders)
    {
        Senders = senders;
        _keys = new byte[senders][];
        Accounts = new Address[senders];
        for (int i = 0; i < senders; i++)
        {
            _keys[i] = Keccak256.Compute(System.Text.Encoding.ASCII.GetBytes($"contracts chain benchmark sender {i}")).ToArray();
            Accounts[i] = Secp256k1.AddressOfPrivateKey(_keys[i]);
        }
        _token = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contracts", "token.wasm"));
        var devnet = ChainSpec.Devnet();
        var alloc = Accounts.Select(a => KeyValuePair.Create(a, new GenesisAccount { Balance = new UInt256(0, 0, 1, 0) })).ToArray();
        // Room for a block of transfers at their gas limit, twice over so the base fee stays put (EIP-1559's target is half).
        Spec = new ChainSpec("chain-benchmark", devnet.ChainId, devnet.Genesis with { GasLimit = 2 * TransferGasLimit * (ulong)senders + DeployGasLimit, Alloc = alloc }, devnet.Rules);
        Token = ContractAddress(Accounts[0], 0);
    }

    public int Senders { get; }

    public Address[] Accounts { get; }

    public ChainSpec Spec { get; }

    /// <summary>Where block 1 deploys the token (the first account's first creation).</summary>
    public Address Token { get; }

    public static Address Coinbase { get; } = Address.FromHex("0xc0ffee0000000000000000000000000000000001");

    /// <summary>Block 1: the token's deployment.</summary>
    public SignedTransaction[] DeployBlock() => [Sign(0, null, _token, nonce: 0, DeployGasLimit)];

    /// <summary>Block 2: the first account sends each sender (itself included) a million token units.</summary>
    public SignedTransaction[] FundingBlock() =>
        Enumerable.Range(0, Senders).Select(i => Sign(0, Token, TransferCall(Accounts[i], 1_000_000), nonce: 1 + (ulong)i, TransferGasLimit)).ToArray();

    /// <summary>
    /// Transfer block <paramref name="round"/> (0 for block 3): each sender sends one token unit to a fresh
    /// recipient. Signed here; the transactions are returned as encodings so a caller decodes them as a node
    /// receives them, with no sender known yet.
    /// </summary>
    public byte[][] TransferBlock(int round)
    {
        var encoded = new byte[Senders][];
        Parallel.For(0, Senders, i =>
        {
            ulong nonce = (ulong)round + (i == 0 ? 1 + (ulong)Senders : 0);
            var recipient = new byte[20];
            recipient[0] = 0xbe;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(recipient.AsSpan(12), round);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(recipient.AsSpan(16), i);
            encoded[i] = Sign(i, Token, TransferCall(new Address(recipient), 1), nonce, TransferGasLimit).Encoded.ToArray();
        });
        return encoded;
    }

    /// <summary>Decodes <paramref name="encoded"/> as a node receives transactions: senders unknown until recovered.</summary>
    public static SignedTransaction[] Decode(byte[][] encoded) => encoded.Select(e => TransactionEncoding.Decode(e)).ToArray();

    private SignedTransaction Sign(int sender, Address? to, byte[] data, ulong nonce, ulong gasLimit) =>
        TransactionSigner.Sign(new UnsignedTransaction
        {
            Type = TransactionType.DynamicFee,
            ChainId = Spec.ChainId,
            Nonce = nonce,
            MaxFeePerGas = MaxFeePerGas,
            MaxPriorityFeePerGas = Tip,
            GasLimit = gasLimit,
            To = to,
            Data = data,
        }, _keys[sender]);

    private static byte[] TransferCall(Address to, ulong amount)
    {
        var call = new byte[4 + 64];
        TransferSelector.CopyTo(call, 0);
        to.CopyTo(call.AsSpan(4 + 12));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(call.AsSpan(4 + 56), amount);
        return call;
    }

    private static Address ContractAddress(Address sender, ulong nonce) => Contracts.Execution.Calls.ContractAddress.From(sender, nonce);
}
