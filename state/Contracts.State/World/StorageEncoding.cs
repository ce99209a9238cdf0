using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.State.World;

/// <summary>
/// How values sit in the storage tries. A 32-byte slot is stored as Ethereum stores it: RLP of the big-endian
/// value with leading zeros stripped (zero is never stored: it deletes). A byte-string value is stored as the
/// RLP of the bytes, so a stored empty value (0x80) is distinct from an absent key.
/// </summary>
internal static class StorageEncoding
{
    public static byte[] EncodeSlotValue(in UInt256 value)
    {
        Span<byte> minimal = stackalloc byte[UInt256.Length];
        var length = value.WriteMinimalBigEndian(minimal);
        return EncodeBytes(minimal[..length]);
    }

    public static UInt256 DecodeSlotValue(ReadOnlySpan<byte> stored)
    {
        var reader = new RlpReader(stored);
        var value = reader.ReadUInt256();
        reader.RequireEnd();
        return value;
    }

    public static byte[] EncodeBytes(ReadOnlySpan<byte> value)
    {
        var encoded = new byte[RlpWriter.LengthOfString(value)];
        var writer = new RlpWriter(encoded);
        writer.WriteString(value);
        return encoded;
    }

    /// <summary>The value inside a stored byte string, without copying.</summary>
    public static ReadOnlyMemory<byte> DecodeBytes(byte[] stored)
    {
        var reader = new RlpReader(stored);
        var length = reader.ReadString().Length;
        reader.RequireEnd();
        return new ReadOnlyMemory<byte>(stored, stored.Length - length, length);
    }
}
