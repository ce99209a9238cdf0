using System.Runtime.CompilerServices;

namespace Contracts.State.Rlp;

/// <summary>
/// Writes RLP into a span whose size the caller computed first with the <c>LengthOf*</c> methods, so encoding
/// never allocates or grows a buffer.
/// </summary>
internal ref struct RlpWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public RlpWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    public readonly int Position => _position;

    public static int LengthOfString(ReadOnlySpan<byte> value) =>
        value.Length == 1 && value[0] < 0x80 ? 1 : LengthOfHeader(value.Length) + value.Length;

    public static int LengthOfList(int payloadLength) => LengthOfHeader(payloadLength) + payloadLength;

    /// <summary>The length of an unsigned integer as RLP: its big-endian bytes without leading zeros (0 is empty).</summary>
    public static int LengthOfUInt64(ulong value) => value < 0x80 && value != 0 ? 1 : 1 + MinimalByteCount(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LengthOfHeader(int payloadLength) =>
        payloadLength <= 55 ? 1 : 1 + ByteCount((uint)payloadLength);

    public void WriteString(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length == 1 && value[0] < 0x80)
        {
            _destination[_position++] = value[0];
            return;
        }

        WriteHeader(0x80, value.Length);
        value.CopyTo(_destination[_position..]);
        _position += value.Length;
    }

    public void WriteListHeader(int payloadLength) => WriteHeader(0xc0, payloadLength);

    /// <summary>An unsigned integer: its big-endian bytes without leading zeros, as a string (0 is the empty string).</summary>
    public void WriteUInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        WriteString(bytes[(sizeof(ulong) - MinimalByteCount(value))..]);
    }

    /// <summary>Copies an item that is already RLP (an inlined child node).</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> encoded)
    {
        encoded.CopyTo(_destination[_position..]);
        _position += encoded.Length;
    }

    /// <summary>The empty string, 0x80: an absent branch child or value.</summary>
    public void WriteEmptyString() => _destination[_position++] = 0x80;

    private void WriteHeader(byte shortBase, int payloadLength)
    {
        if (payloadLength <= 55)
        {
            _destination[_position++] = (byte)(shortBase + payloadLength);
            return;
        }

        var lengthBytes = ByteCount((uint)payloadLength);
        _destination[_position++] = (byte)(shortBase + 55 + lengthBytes);
        for (var i = lengthBytes - 1; i >= 0; i--)
        {
            _destination[_position++] = (byte)(payloadLength >> (8 * i));
        }
    }

    private static int MinimalByteCount(ulong value) => (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 8;

    private static int ByteCount(uint value) => value < 0x100 ? 1 : value < 0x1_0000 ? 2 : value < 0x100_0000 ? 3 : 4;
}
