using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.Chain.Encoding;

/// <summary>
/// Builds one RLP list from its items (each encoded as it is added) on the state layer's <see cref="RlpWriter"/>.
/// Used for the chain's encodings (transactions, headers, receipts, blocks), which are built once per object.
/// </summary>
internal sealed class RlpBuilder
{
    private readonly List<byte[]> _items = [];
    private int _payloadLength;

    public RlpBuilder String(ReadOnlySpan<byte> value)
    {
        var item = new byte[RlpWriter.LengthOfString(value)];
        new RlpWriter(item).WriteString(value);
        return Raw(item);
    }

    public RlpBuilder UInt(ulong value)
    {
        var item = new byte[RlpWriter.LengthOfUInt64(value)];
        new RlpWriter(item).WriteUInt64(value);
        return Raw(item);
    }

    public RlpBuilder UInt(UInt256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        int length = value.WriteMinimalBigEndian(bytes);
        return String(bytes[..length]);
    }

    public RlpBuilder Hash(Hash256 value)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Length];
        value.CopyTo(bytes);
        return String(bytes);
    }

    public RlpBuilder Address(Address value)
    {
        Span<byte> bytes = stackalloc byte[State.Primitives.Address.Length];
        value.CopyTo(bytes);
        return String(bytes);
    }

    /// <summary>An address, or the empty string for none (a deploy's <c>to</c>).</summary>
    public RlpBuilder OptionalAddress(Address? value) => value is { } address ? Address(address) : String([]);

    /// <summary>An item that is already RLP.</summary>
    public RlpBuilder Raw(byte[] encodedItem)
    {
        _items.Add(encodedItem);
        _payloadLength += encodedItem.Length;
        return this;
    }

    public RlpBuilder List(RlpBuilder inner) => Raw(inner.ToList());

    /// <summary>The single item added, alone (no list around it): an encoded integer used as a trie key.</summary>
    public byte[] ToItem() => _items.Count == 1 ? _items[0] : throw new InvalidOperationException("ToItem needs exactly one item");

    /// <summary>The list of the items added, with its header.</summary>
    public byte[] ToList(ReadOnlySpan<byte> prefix = default)
    {
        var output = new byte[prefix.Length + RlpWriter.LengthOfList(_payloadLength)];
        prefix.CopyTo(output);
        var writer = new RlpWriter(output.AsSpan(prefix.Length));
        writer.WriteListHeader(_payloadLength);
        foreach (var item in _items) writer.WriteRaw(item);
        return output;
    }
}
