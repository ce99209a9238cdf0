using Contracts.Chain.Encoding;
using Contracts.Chain.Transactions;
using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.Chain.Blocks;

/// <summary>
/// A block: its header and its transactions (no ommers: the chain has none). Encodes as geth does in
/// <c>geth export</c> files: <c>rlp([header, [transactions], []])</c>, a typed transaction as an RLP string of its
/// envelope.
/// </summary>
public sealed record Block(BlockHeader Header, IReadOnlyList<SignedTransaction> Transactions)
{
    public Hash256 Hash => Header.Hash;

    public ulong Number => Header.Number;

    public byte[] Encode()
    {
        var transactions = new RlpBuilder();
        foreach (var transaction in Transactions) transactions.Raw(TransactionEncoding.BlockItem(transaction));
        return new RlpBuilder().Raw(Header.Encode()).List(transactions).List(new RlpBuilder()).ToList();
    }

    public static Block Decode(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        var block = Read(ref outer);
        outer.RequireEnd();
        return block;
    }

    /// <summary>Reads one block from <paramref name="reader"/> (a file of blocks holds them back to back).</summary>
    internal static Block Read(ref RlpReader reader)
    {
        var fields = reader.ReadList();
        var header = BlockHeader.Read(ref fields);
        var items = fields.ReadList();
        var transactions = new List<SignedTransaction>();
        while (!items.AtEnd) transactions.Add(TransactionEncoding.DecodeBlockItem(items.ReadRawItem()));
        int ommersOffset = fields.Offset;
        var ommers = fields.ReadList();
        if (!ommers.AtEnd) throw new RlpException("blocks with ommers are not supported", ommersOffset);
        // Withdrawals (Shanghai) and later body fields are not part of this chain.
        if (!fields.AtEnd) throw new RlpException("unexpected block body fields after the ommers", fields.Offset);
        return new Block(header, transactions);
    }

    public bool Equals(Block? other) => other is not null && Header.Equals(other.Header) && Transactions.SequenceEqual(other.Transactions);

    public override int GetHashCode() => Header.GetHashCode();
}
