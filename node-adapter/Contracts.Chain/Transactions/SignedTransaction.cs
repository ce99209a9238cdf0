using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Chain.Transactions;

/// <summary>
/// A signed transaction as the chain carries it: its fields, its signature, its canonical encoding (EIP-2718: the
/// RLP list for legacy, <c>0x02 ‖ RLP</c> for EIP-1559) and its hash (Keccak-256 of that encoding). Immutable; make
/// one with <see cref="TransactionSigner.Sign"/> or <see cref="TransactionEncoding.Decode"/>. The sender is recovered
/// from the signature by <see cref="SenderRecovery"/> (once: the result is remembered).
/// </summary>
public sealed class SignedTransaction : IEquatable<SignedTransaction>
{
    private readonly byte[] _encoded;
    // Where the fields the signature signs lie in _encoded (decoded transactions), so the signing hash is hashed from
    // those bytes instead of re-encoding the fields; a length of -1 when the signer gave the hash (_signedHash).
    private readonly int _signedFieldsStart;
    private readonly int _signedFieldsLength;
    private readonly Hash256 _signedHash;
    private object? _sender; // a boxed Address once recovered, or RecoveryFailed; written once, read lock-free

    internal static readonly object RecoveryFailed = new();

    /// <summary>A transaction signed here: <paramref name="signingHash"/> is the hash its signature signs.</summary>
    internal SignedTransaction(UnsignedTransaction unsigned, TransactionSignature signature, byte[] encoded, Hash256 signingHash)
        : this(unsigned, signature, encoded, signedFieldsStart: 0, signedFieldsLength: -1)
    {
        _signedHash = signingHash;
    }

    /// <summary>
    /// A decoded transaction: <paramref name="encoded"/> is its canonical encoding, whose bytes
    /// [<paramref name="signedFieldsStart"/>, + <paramref name="signedFieldsLength"/>) are the RLP items of the
    /// fields its signature signs (the list's payload up to the signature, or up to v for a legacy transaction).
    /// </summary>
    internal SignedTransaction(UnsignedTransaction unsigned, TransactionSignature signature, byte[] encoded, int signedFieldsStart, int signedFieldsLength)
    {
        Unsigned = unsigned;
        Signature = signature;
        _encoded = encoded;
        _signedFieldsStart = signedFieldsStart;
        _signedFieldsLength = signedFieldsLength;
        Hash = Keccak256.Compute(encoded);
    }

    public UnsignedTransaction Unsigned { get; }

    public TransactionSignature Signature { get; }

    /// <summary>Keccak-256 of <see cref="Encoded"/>: the transaction's identity.</summary>
    public Hash256 Hash { get; }

    /// <summary>The canonical encoding (what <c>eth_sendRawTransaction</c> takes and the transactions trie holds).</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    public TransactionType Type => Unsigned.Type;

    public ulong? ChainId => Unsigned.ChainId;

    public ulong Nonce => Unsigned.Nonce;

    public ulong GasLimit => Unsigned.GasLimit;

    public Address? To => Unsigned.To;

    public UInt256 Value => Unsigned.Value;

    public ReadOnlyMemory<byte> Data => Unsigned.Data;

    /// <summary>
    /// The hash the signature signs (EIP-155 / EIP-1559 signing payload). Of a decoded transaction it is hashed from
    /// the fields' bytes in <see cref="Encoded"/> (the decoder accepts only canonical RLP, so they are the bytes a
    /// re-encoding of the fields gives) each time it is asked: sender recovery asks once.
    /// </summary>
    public Hash256 SigningHash => _signedFieldsLength < 0
        ? _signedHash
        : TransactionEncoding.SigningHash(Type, ChainId, _encoded.AsSpan(_signedFieldsStart, _signedFieldsLength));

    internal object? CachedSender
    {
        get => Volatile.Read(ref _sender);
        set => Volatile.Write(ref _sender, value);
    }

    /// <summary>The execution layer's transaction with <paramref name="sender"/> (recovered by <see cref="SenderRecovery"/>).</summary>
    public Transaction ToTransaction(Address sender) => new()
    {
        Type = Unsigned.Type,
        ChainId = Unsigned.ChainId,
        Nonce = Unsigned.Nonce,
        GasPrice = Unsigned.Type == TransactionType.Legacy ? Unsigned.GasPrice : default,
        MaxPriorityFeePerGas = Unsigned.Type == TransactionType.Legacy ? default : Unsigned.MaxPriorityFeePerGas,
        MaxFeePerGas = Unsigned.Type == TransactionType.Legacy ? default : Unsigned.MaxFeePerGas,
        GasLimit = Unsigned.GasLimit,
        To = Unsigned.To,
        Value = Unsigned.Value,
        Data = Unsigned.Data,
        AccessList = Unsigned.AccessList,
        Sender = sender,
        Hash = Hash,
    };

    public bool Equals(SignedTransaction? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    public override bool Equals(object? obj) => obj is SignedTransaction other && Equals(other);

    public override int GetHashCode() => Hash.GetHashCode();

    public override string ToString() => $"{Type} transaction {Hash}";
}
