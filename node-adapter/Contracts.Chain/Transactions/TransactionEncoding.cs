using Contracts.Chain.Encoding;
using Contracts.Execution.Transactions;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.Chain.Transactions;

/// <summary>
/// Ethereum's transaction encodings (EIP-2718 envelopes), as geth writes them:
/// legacy <c>rlp([nonce, gasPrice, gas, to, value, data, v, r, s])</c> signed over
/// <c>rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])</c> (EIP-155; six fields without a chain id),
/// and EIP-1559 <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data,
/// accessList, yParity, r, s])</c> signed over <c>0x02 ‖ rlp</c> of the first nine fields.
/// </summary>
public static class TransactionEncoding
{
    /// <summary>The signed encoding of <paramref name="transaction"/> with <paramref name="signature"/>.</summary>
    public static byte[] Encode(UnsignedTransaction transaction, TransactionSignature signature)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var list = Fields(transaction);
        if (transaction.Type == TransactionType.Legacy)
        {
            list.UInt(signature.LegacyV(transaction.ChainId)).UInt(signature.R).UInt(signature.S);
            return list.ToList();
        }
        list.UInt(signature.YParity).UInt(signature.R).UInt(signature.S);
        return list.ToList([(byte)transaction.Type]);
    }

    /// <summary>The hash a sender signs for <paramref name="transaction"/>.</summary>
    public static Hash256 SigningHash(UnsignedTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var list = Fields(transaction);
        if (transaction.Type == TransactionType.Legacy)
        {
            if (transaction.ChainId is { } chainId) list.UInt(chainId).UInt(0).UInt(0);
            return Keccak256.Compute(list.ToList());
        }
        return Keccak256.Compute(list.ToList([(byte)transaction.Type]));
    }

    /// <summary>
    /// The hash a sender signs, from <paramref name="signedFields"/>: the RLP items of the signed fields as a canonical
    /// encoding holds them (nonce to data for a legacy transaction, chain id to the access list for EIP-1559). What
    /// <see cref="SigningHash(UnsignedTransaction)"/> gives, without re-encoding the fields.
    /// </summary>
    internal static Hash256 SigningHash(TransactionType type, ulong? chainId, ReadOnlySpan<byte> signedFields)
    {
        // A legacy EIP-155 payload appends [chainId, 0, 0]; an EIP-1559 payload is prefixed with its type byte.
        Span<byte> suffix = stackalloc byte[11];
        int suffixLength = 0;
        if (type == TransactionType.Legacy && chainId is { } id)
        {
            Span<byte> bytes = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
            int skip = 0;
            while (skip < 8 && bytes[skip] == 0) skip++;
            var writer = new RlpWriter(suffix);
            writer.WriteString(bytes[skip..]);
            writer.WriteEmptyString();
            writer.WriteEmptyString();
            suffixLength = writer.Position;
        }
        int prefixLength = type == TransactionType.Legacy ? 0 : 1;
        int payloadLength = signedFields.Length + suffixLength;
        int length = prefixLength + RlpWriter.LengthOfList(payloadLength);
        const int StackLimit = 512;
        byte[]? rented = length > StackLimit ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> payload = (rented ?? stackalloc byte[StackLimit])[..length];
            if (prefixLength == 1) payload[0] = (byte)type;
            var writer = new RlpWriter(payload[prefixLength..]);
            writer.WriteListHeader(payloadLength);
            writer.WriteRaw(signedFields);
            writer.WriteRaw(suffix[..suffixLength]);
            return Keccak256.Compute(payload);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes a canonical signed encoding (as <c>eth_sendRawTransaction</c> receives it). Throws
    /// <see cref="RlpException"/> (a <see cref="FormatException"/>) naming the problem and its offset.
    /// </summary>
    public static SignedTransaction Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty) throw new RlpException("empty transaction", 0);
        if (encoded[0] >= 0xc0) return DecodeLegacy(encoded);
        if (encoded[0] == (byte)TransactionType.DynamicFee) return DecodeDynamicFee(encoded);
        throw new RlpException($"transaction type not supported: 0x{encoded[0]:x2}", 0);
    }

    /// <summary>A transaction as a block body holds it: a legacy list as is, a typed transaction as an RLP string.</summary>
    internal static SignedTransaction DecodeBlockItem(ReadOnlySpan<byte> item)
    {
        if (item.IsEmpty) throw new RlpException("empty transaction item", 0);
        if (item[0] >= 0xc0) return DecodeLegacy(item);
        var reader = new RlpReader(item);
        var envelope = reader.ReadString();
        reader.RequireEnd();
        return Decode(envelope);
    }

    /// <summary>The item a block body holds for <paramref name="transaction"/> (see <see cref="DecodeBlockItem"/>).</summary>
    internal static byte[] BlockItem(SignedTransaction transaction) =>
        transaction.Type == TransactionType.Legacy ? transaction.Encoded.ToArray() : EncodeString(transaction.Encoded.Span);

    internal static byte[] EncodeString(ReadOnlySpan<byte> value)
    {
        var item = new byte[RlpWriter.LengthOfString(value)];
        new RlpWriter(item).WriteString(value);
        return item;
    }

    private static RlpBuilder Fields(UnsignedTransaction t)
    {
        var list = new RlpBuilder();
        if (t.Type == TransactionType.Legacy)
        {
            return list.UInt(t.Nonce).UInt(t.GasPrice).UInt(t.GasLimit).OptionalAddress(t.To).UInt(t.Value).String(t.Data.Span);
        }
        if (t.Type != TransactionType.DynamicFee) throw new ArgumentException($"transaction type {t.Type} is not supported", nameof(t));
        if (t.ChainId is not { } chainId) throw new ArgumentException("an EIP-1559 transaction needs a chain id", nameof(t));
        list.UInt(chainId).UInt(t.Nonce).UInt(t.MaxPriorityFeePerGas).UInt(t.MaxFeePerGas).UInt(t.GasLimit)
            .OptionalAddress(t.To).UInt(t.Value).String(t.Data.Span);
        var access = new RlpBuilder();
        foreach (var entry in t.AccessList)
        {
            var keys = new RlpBuilder();
            foreach (var key in entry.StorageKeys) keys.Hash(key);
            access.List(new RlpBuilder().Address(entry.Address).List(keys));
        }
        return list.List(access);
    }

    private static SignedTransaction DecodeLegacy(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        var fields = outer.ReadList();
        outer.RequireEnd();
        int signedStart = fields.Offset;
        ulong nonce = fields.ReadUInt64();
        var gasPrice = fields.ReadUInt256();
        ulong gas = fields.ReadUInt64();
        var to = ReadTo(ref fields);
        var value = fields.ReadUInt256();
        var data = fields.ReadString().ToArray();
        int vOffset = fields.Offset;
        var v = fields.ReadUInt256();
        var r = fields.ReadUInt256();
        var s = fields.ReadUInt256();
        fields.RequireEnd();
        ulong? chainId;
        byte parity;
        if (v == 27 || v == 28)
        {
            chainId = null;
            parity = (byte)((ulong)v - 27);
        }
        else if (v >= 35 && (v - 35) / 2 < ulong.MaxValue)
        {
            chainId = (ulong)((v - 35) / 2);
            parity = (byte)((ulong)((v - 35) % 2));
        }
        else
        {
            throw new RlpException($"invalid legacy signature v {v}", vOffset);
        }
        var unsigned = new UnsignedTransaction
        {
            Type = TransactionType.Legacy, ChainId = chainId, Nonce = nonce, GasPrice = gasPrice, GasLimit = gas, To = to, Value = value, Data = data,
        };
        return new SignedTransaction(unsigned, new TransactionSignature(parity, r, s), encoded.ToArray(), signedStart, vOffset - signedStart);
    }

    private static SignedTransaction DecodeDynamicFee(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded[1..]);
        var fields = outer.ReadList();
        outer.RequireEnd();
        int signedStart = fields.Offset;
        ulong chainId = fields.ReadUInt64();
        ulong nonce = fields.ReadUInt64();
        var tip = fields.ReadUInt256();
        var feeCap = fields.ReadUInt256();
        ulong gas = fields.ReadUInt64();
        var to = ReadTo(ref fields);
        var value = fields.ReadUInt256();
        var data = fields.ReadString().ToArray();
        var accessList = new List<AccessListEntry>();
        var entries = fields.ReadList();
        while (!entries.AtEnd)
        {
            var entry = entries.ReadList();
            int offset = entry.Offset;
            var address = entry.ReadString();
            if (address.Length != Address.Length) throw new RlpException($"access list address of {address.Length} bytes", offset);
            var keys = new List<Hash256>();
            var keyList = entry.ReadList();
            while (!keyList.AtEnd) keys.Add(keyList.ReadHash());
            entry.RequireEnd();
            accessList.Add(new AccessListEntry(new Address(address), keys));
        }
        int parityOffset = fields.Offset;
        ulong parity = fields.ReadUInt64();
        if (parity > 1) throw new RlpException($"invalid y parity {parity}", parityOffset);
        var r = fields.ReadUInt256();
        var s = fields.ReadUInt256();
        fields.RequireEnd();
        var unsigned = new UnsignedTransaction
        {
            Type = TransactionType.DynamicFee, ChainId = chainId, Nonce = nonce, MaxPriorityFeePerGas = tip, MaxFeePerGas = feeCap, GasLimit = gas,
            To = to, Value = value, Data = data, AccessList = accessList,
        };
        // Offsets are in encoded[1..], after the type byte.
        return new SignedTransaction(unsigned, new TransactionSignature((byte)parity, r, s), encoded.ToArray(), 1 + signedStart, parityOffset - signedStart);
    }

    private static Address? ReadTo(ref RlpReader fields)
    {
        int offset = fields.Offset;
        var to = fields.ReadString();
        if (to.IsEmpty) return null;
        if (to.Length != Address.Length) throw new RlpException($"a recipient is {Address.Length} bytes or empty, not {to.Length}", offset);
        return new Address(to);
    }
}
