using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Contracts.Chain.Blocks;
using Contracts.Execution.Results;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

/// <summary>
/// Header hashes against Ethereum mainnet headers and their published hashes (Vectors/mainnet-headers.json names
/// each one's source): the genesis (pre-London: no base fee), the merge block (base fee, no later fields), the first
/// Shanghai block (a withdrawals root after the base fee) and a Prague block given as raw RLP (five later fields).
/// </summary>
public class MainnetHeaderTests
{
    public static TheoryData<string> FieldHeaders() => new(Vectors().Where(v => v.TryGetProperty("fields", out _)).Select(v => v.GetProperty("name").GetString()!));

    public static TheoryData<string> RawHeaders() => new(Vectors().Where(v => v.TryGetProperty("rlp", out _)).Select(v => v.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(FieldHeaders))]
    public void A_mainnet_header_built_from_its_fields_has_its_published_hash(string name)
    {
        var vector = Vector(name);
        var header = FromFields(vector.GetProperty("fields"));
        Assert.Equal(Hash256.FromHex(vector.GetProperty("hash").GetString()!), header.Hash);

        // And the encoding decodes back to the same header (same shape: base fee present or not, later fields kept).
        var decoded = BlockHeader.Decode(header.Encode());
        Assert.Equal(header.Hash, decoded.Hash);
        Assert.Equal(header.BaseFeePerGas, decoded.BaseFeePerGas);
        Assert.Equal(header.LaterFields.Count, decoded.LaterFields.Count);
    }

    [Fact]
    public void The_pre_London_genesis_has_no_base_fee_and_the_merge_block_has_one()
    {
        var genesis = FromFields(Vector("mainnet genesis (block 0): pre-London, no base fee").GetProperty("fields"));
        Assert.Null(BlockHeader.Decode(genesis.Encode()).BaseFeePerGas);
        Assert.Equal(0x42ul, genesis.Nonce);
        var merge = FromFields(Vectors().Single(v => v.GetProperty("name").GetString()!.Contains("15537394", StringComparison.Ordinal)).GetProperty("fields"));
        Assert.Equal((UInt256)48_811_794_595ul, BlockHeader.Decode(merge.Encode()).BaseFeePerGas);
        Assert.Empty(merge.LaterFields);
    }

    [Theory]
    [MemberData(nameof(RawHeaders))]
    public void A_raw_mainnet_header_decodes_re_encodes_byte_for_byte_and_has_its_published_hash(string name)
    {
        var vector = Vector(name);
        var rlp = Hex.Decode(vector.GetProperty("rlp").GetString()!);
        var header = BlockHeader.Decode(rlp);

        Assert.Equal(Hash256.FromHex(vector.GetProperty("hash").GetString()!), header.Hash);
        Assert.Equal(Keccak256.Compute(rlp), header.Hash);
        Assert.Equal(rlp, header.Encode());
        Assert.Equal(vector.GetProperty("number").GetUInt64(), header.Number);
        Assert.Equal((UInt256)vector.GetProperty("baseFeePerGas").GetUInt64(), header.BaseFeePerGas);
        Assert.Equal(vector.GetProperty("gasLimit").GetUInt64(), header.GasLimit);
        Assert.Equal(vector.GetProperty("gasUsed").GetUInt64(), header.GasUsed);
        Assert.Equal(vector.GetProperty("timestamp").GetUInt64(), header.Timestamp);
        Assert.Equal(vector.GetProperty("laterFields").GetInt32(), header.LaterFields.Count);
        Assert.Equal(UInt256.Zero, header.Difficulty);
        Assert.Equal(BlockHeader.EmptyOmmersHash, header.OmmersHash);
    }

    [Fact]
    public void A_changed_field_changes_the_hash_of_a_mainnet_header()
    {
        var vector = Vector(Vectors().Single(v => v.TryGetProperty("rlp", out _)).GetProperty("name").GetString()!);
        var header = BlockHeader.Decode(Hex.Decode(vector.GetProperty("rlp").GetString()!));
        Assert.NotEqual(header.Hash, (header with { GasUsed = header.GasUsed + 1 }).Hash);
        Assert.NotEqual(header.Hash, (header with { LaterFields = header.LaterFields.Take(4).ToArray() }).Hash);
    }

    private static BlockHeader FromFields(JsonElement f)
    {
        var later = new List<byte[]>();
        if (f.TryGetProperty("withdrawalsRoot", out var withdrawals))
        {
            // A later field is kept as its raw RLP item: a 32-byte string is 0xa0 followed by the bytes.
            later.Add([0xa0, .. Hex.Decode(withdrawals.GetString()!)]);
        }
        return new BlockHeader
        {
            ParentHash = Hash256.FromHex(f.GetProperty("parentHash").GetString()!),
            OmmersHash = Hash256.FromHex(f.GetProperty("ommersHash").GetString()!),
            Coinbase = Address.FromHex(f.GetProperty("coinbase").GetString()!),
            StateRoot = Hash256.FromHex(f.GetProperty("stateRoot").GetString()!),
            TransactionsRoot = Hash256.FromHex(f.GetProperty("transactionsRoot").GetString()!),
            ReceiptsRoot = Hash256.FromHex(f.GetProperty("receiptsRoot").GetString()!),
            Bloom = new LogsBloom(Hex.Decode(f.GetProperty("logsBloom").GetString()!)),
            Difficulty = Quantity(f, "difficulty"),
            Number = (ulong)Quantity(f, "number"),
            GasLimit = (ulong)Quantity(f, "gasLimit"),
            GasUsed = (ulong)Quantity(f, "gasUsed"),
            Timestamp = (ulong)Quantity(f, "timestamp"),
            ExtraData = Hex.Decode(f.GetProperty("extraData").GetString()!),
            MixHash = Hash256.FromHex(f.GetProperty("mixHash").GetString()!),
            Nonce = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(Hex.Decode(f.GetProperty("nonce").GetString()!)),
            BaseFeePerGas = f.TryGetProperty("baseFeePerGas", out _) ? Quantity(f, "baseFeePerGas") : null,
            LaterFields = later,
        };
    }

    /// <summary>A JSON-RPC quantity ("0x" and hex digits, no leading zeros).</summary>
    private static UInt256 Quantity(JsonElement fields, string name)
    {
        string digits = fields.GetProperty(name).GetString()![2..];
        return UInt256.FromBigInteger(BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    private static JsonElement Vector(string name) => Vectors().Single(v => v.GetProperty("name").GetString() == name);

    private static IEnumerable<JsonElement> Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "mainnet-headers.json")));
        return document.RootElement.GetProperty("headers").EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
