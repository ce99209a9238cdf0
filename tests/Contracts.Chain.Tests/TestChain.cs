using Contracts.Chain.Transactions;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Crypto;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

/// <summary>Keys of the devnet's funded accounts (anvil's standard test mnemonic) and helpers to make transactions.</summary>
internal static class TestChain
{
    public static readonly byte[][] Keys =
    [
        Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
        Convert.FromHexString("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        Convert.FromHexString("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
    ];

    public static readonly Address[] Accounts = Keys.Select(k => Secp256k1.AddressOfPrivateKey(k)).ToArray();

    public static readonly ChainSpec Spec = ChainSpec.Devnet();

    public static readonly Address Coinbase = Address.FromHex("0xc0ffee0000000000000000000000000000000001");

    public static byte[] Contract(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Contracts", name + ".wasm"));

    public static SignedTransaction Transfer(int from, Address to, UInt256 value, ulong nonce, ulong gas = 21_000, TransactionType type = TransactionType.DynamicFee) =>
        TransactionSigner.Sign(Unsigned(to, value, nonce, gas, [], type), Keys[from]);

    public static SignedTransaction Send(int from, Address? to, byte[] data, ulong nonce, ulong gas = 5_000_000) =>
        TransactionSigner.Sign(Unsigned(to, 0, nonce, gas, data, TransactionType.DynamicFee), Keys[from]);

    public static UnsignedTransaction Unsigned(Address? to, UInt256 value, ulong nonce, ulong gas, byte[] data, TransactionType type) => new()
    {
        Type = type,
        ChainId = Spec.ChainId,
        Nonce = nonce,
        GasPrice = type == TransactionType.Legacy ? (UInt256)3_000_000_000ul : (UInt256)0ul,
        MaxFeePerGas = type == TransactionType.Legacy ? (UInt256)0ul : (UInt256)3_000_000_000ul,
        MaxPriorityFeePerGas = type == TransactionType.Legacy ? (UInt256)0ul : (UInt256)1_000_000ul,
        GasLimit = gas,
        To = to,
        Value = value,
        Data = data,
    };

    /// <summary>Calldata of transfer.wat: recipient word ‖ amount word (amount little-endian in the last 8 bytes).</summary>
    public static byte[] TransferInput(Address recipient, ulong amount)
    {
        var input = new byte[64];
        recipient.CopyTo(input.AsSpan(12));
        BitConverter.TryWriteBytes(input.AsSpan(56), amount);
        return input;
    }

    public static Address Recipient(int i)
    {
        var bytes = new byte[20];
        bytes[0] = 0xaa;
        BitConverter.TryWriteBytes(bytes.AsSpan(12), i);
        return new Address(bytes);
    }

    /// <summary>Builds and commits a block of <paramref name="transactions"/> on the head, one second after it.</summary>
    public static BlockResult Produce(Blockchain chain, IEnumerable<SignedTransaction> transactions)
    {
        var parent = chain.Head;
        var result = chain.BuildBlock(parent, chain.NextBlockContext(parent, parent.Timestamp + 1, Coinbase), transactions);
        chain.Commit(result);
        return result;
    }
}
