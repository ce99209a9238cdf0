using Contracts.Chain.Encoding;
using Contracts.Execution.Results;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.Chain.Blocks;

/// <summary>
/// A block header as Ethereum shapes it (London and later): parent hash, ommers hash, coinbase, state root,
/// transactions root, receipts root, logs bloom, difficulty (0 here), number, gas limit, gas used, timestamp, extra
/// data, mix hash (prev-randao), nonce (8 bytes), base fee. Headers of later forks decode too: their extra trailing
/// fields (withdrawals root, blob gas, beacon root, requests hash) are kept as raw RLP items so the hash stays
/// right. <see cref="Hash"/> is Keccak-256 of <see cref="Encode"/>.
/// </summary>
public sealed record BlockHeader
{
    /// <summary>Keccak-256 of the RLP of an empty list: the ommers hash of every block without ommers.</summary>
    public static readonly Hash256 EmptyOmmersHash = Hash256.FromHex("1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    private Hash256? _hash;

    public BlockHeader()
    {
    }

    /// <summary>The copy <c>with</c> makes: every field but the cached hash, which a changed field would make stale.</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private BlockHeader(BlockHeader original)
    {
        ArgumentNullException.ThrowIfNull(original);
        ParentHash = original.ParentHash;
        OmmersHash = original.OmmersHash;
        Coinbase = original.Coinbase;
        StateRoot = original.StateRoot;
        TransactionsRoot = original.TransactionsRoot;
        ReceiptsRoot = original.ReceiptsRoot;
        Bloom = original.Bloom;
        Difficulty = original.Difficulty;
        Number = original.Number;
        GasLimit = original.GasLimit;
        GasUsed = original.GasUsed;
        Timestamp = original.Timestamp;
        ExtraData = original.ExtraData;
        MixHash = original.MixHash;
        Nonce = original.Nonce;
        BaseFeePerGas = original.BaseFeePerGas;
        LaterFields = original.LaterFields;
    }

    public required Hash256 ParentHash { get; init; }
    public Hash256 OmmersHash { get; init; } = EmptyOmmersHash;
    public required Address Coinbase { get; init; }
    public required Hash256 StateRoot { get; init; }
    public Hash256 TransactionsRoot { get; init; } = Hash256.EmptyTrieRoot;
    public Hash256 ReceiptsRoot { get; init; } = Hash256.EmptyTrieRoot;
    public LogsBloom Bloom { get; init; } = new();
    public UInt256 Difficulty { get; init; }
    public required ulong Number { get; init; }
    public required ulong GasLimit { get; init; }
    public ulong GasUsed { get; init; }
    public required ulong Timestamp { get; init; }
    public ReadOnlyMemory<byte> ExtraData { get; init; }
    public Hash256 MixHash { get; init; }
    public ulong Nonce { get; init; }

    /// <summary>EIP-1559 base fee per gas; null only for a pre-London header.</summary>
    public UInt256? BaseFeePerGas { get; init; }

    /// <summary>Fields after the base fee (later forks), as raw RLP items, so those headers re-encode exactly.</summary>
    public IReadOnlyList<byte[]> LaterFields { get; init; } = [];

    /// <summary>Keccak-256 of the RLP header: the block's identity.</summary>
    public Hash256 Hash => _hash ??= Keccak256.Compute(Encode());

    public byte[] Encode()
    {
        var list = new RlpBuilder()
            .Hash(ParentHash).Hash(OmmersHash).Address(Coinbase).Hash(StateRoot).Hash(TransactionsRoot).Hash(ReceiptsRoot)
            .String(Bloom.Bytes).UInt(Difficulty).UInt(Number).UInt(GasLimit).UInt(GasUsed).UInt(Timestamp).String(ExtraData.Span)
            .Hash(MixHash);
        Span<byte> nonce = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce, Nonce);
        list.String(nonce);
        if (BaseFeePerGas is { } baseFee) list.UInt(baseFee);
        else if (LaterFields.Count > 0) throw new InvalidOperationException("a header with later fields needs a base fee");
        foreach (var field in LaterFields) list.Raw(field);
        return list.ToList();
    }

    public static BlockHeader Decode(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        var header = Read(ref outer);
        outer.RequireEnd();
        return header;
    }

    internal static BlockHeader Read(ref RlpReader outer)
    {
        var f = outer.ReadList();
        var parent = f.ReadHash();
        var ommers = f.ReadHash();
        var coinbase = ReadAddress(ref f);
        var stateRoot = f.ReadHash();
        var txRoot = f.ReadHash();
        var receiptRoot = f.ReadHash();
        int bloomOffset = f.Offset;
        var bloom = f.ReadString();
        if (bloom.Length != LogsBloom.ByteLength) throw new RlpException($"a logs bloom is {LogsBloom.ByteLength} bytes, not {bloom.Length}", bloomOffset);
        var difficulty = f.ReadUInt256();
        ulong number = f.ReadUInt64();
        ulong gasLimit = f.ReadUInt64();
        ulong gasUsed = f.ReadUInt64();
        ulong timestamp = f.ReadUInt64();
        var extra = f.ReadString().ToArray();
        var mix = f.ReadHash();
        int nonceOffset = f.Offset;
        var nonceBytes = f.ReadString();
        if (nonceBytes.Length != 8) throw new RlpException($"a header nonce is 8 bytes, not {nonceBytes.Length}", nonceOffset);
        ulong nonce = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(nonceBytes);
        UInt256? baseFee = f.AtEnd ? null : f.ReadUInt256();
        var later = new List<byte[]>();
        while (!f.AtEnd) later.Add(f.ReadRawItem().ToArray());
        return new BlockHeader
        {
            ParentHash = parent, OmmersHash = ommers, Coinbase = coinbase, StateRoot = stateRoot, TransactionsRoot = txRoot,
            ReceiptsRoot = receiptRoot, Bloom = new LogsBloom(bloom), Difficulty = difficulty, Number = number, GasLimit = gasLimit,
            GasUsed = gasUsed, Timestamp = timestamp, ExtraData = extra, MixHash = mix, Nonce = nonce, BaseFeePerGas = baseFee,
            LaterFields = later,
        };
    }

    private static Address ReadAddress(ref RlpReader reader)
    {
        int offset = reader.Offset;
        var bytes = reader.ReadString();
        if (bytes.Length != Address.Length) throw new RlpException($"an address is {Address.Length} bytes, not {bytes.Length}", offset);
        return new Address(bytes);
    }

    public bool Equals(BlockHeader? other) => other is not null && Hash == other.Hash;

    public override int GetHashCode() => Hash.GetHashCode();
}
