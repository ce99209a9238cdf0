using Contracts.Chain.Transactions;
using Contracts.Execution.ChainSpecs;
using Contracts.Execution.Crypto;
using Contracts.Execution.Transactions;
using Contracts.State.Primitives;

namespace Contracts.Chain.CrashChild;

/// <summary>
/// The blocks the crash child commits: block n holds <see cref="TransfersPerBlock"/> signed value transfers from the
/// devnet's first three accounts to recipients named by (n, index), one second after its parent. A block depends
/// only on its number and the chain before it, so an in-memory chain built the same way gives every block's hash.
/// </summary>
public static class ChainCrashWorkload
{
    public const int TransfersPerBlock = 60;

    public static readonly ChainSpec Spec = ChainSpec.Devnet();

    public static readonly Address Coinbase = Address.FromHex("0xc0ffee0000000000000000000000000000000002");

    private static readonly byte[][] Keys =
    [
        Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
        Convert.FromHexString("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        Convert.FromHexString("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
    ];

    public static readonly Address[] Senders = Keys.Select(k => Secp256k1.AddressOfPrivateKey(k)).ToArray();

    /// <summary>The recipient of transfer <paramref name="index"/> of block <paramref name="number"/>.</summary>
    public static Address Recipient(ulong number, int index)
    {
        var bytes = new byte[Address.Length];
        bytes[0] = 0xcc;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), number);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), index);
        return new Address(bytes);
    }

    /// <summary>Executes and commits the next block on <paramref name="chain"/>'s head; returns it.</summary>
    public static BlockResult CommitNext(Blockchain chain)
    {
        var parent = chain.Head;
        ulong number = parent.Number + 1;
        var state = chain.StateAt(parent);
        var nonces = Senders.Select(s => state.GetNonce(s)).ToArray();
        var transactions = new SignedTransaction[TransfersPerBlock];
        for (int i = 0; i < transactions.Length; i++)
        {
            int sender = (int)((number + (ulong)i) % (ulong)Keys.Length);
            transactions[i] = TransactionSigner.Sign(new UnsignedTransaction
            {
                Type = i % 2 == 0 ? TransactionType.DynamicFee : TransactionType.Legacy,
                ChainId = Spec.ChainId,
                Nonce = nonces[sender]++,
                GasPrice = i % 2 == 0 ? UInt256.Zero : (UInt256)10_000_000_000ul,
                MaxFeePerGas = i % 2 == 0 ? (UInt256)10_000_000_000ul : UInt256.Zero,
                MaxPriorityFeePerGas = i % 2 == 0 ? (UInt256)1_000_000ul : UInt256.Zero,
                GasLimit = 21_000,
                To = Recipient(number, i),
                Value = (UInt256)(number * 1000 + (ulong)i + 1),
            }, Keys[sender]);
        }
        var result = chain.ExecuteBlock(parent, chain.NextBlockContext(parent, parent.Timestamp + 1, Coinbase), transactions);
        chain.Commit(result);
        return result;
    }
}
