using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using Contracts.Engine.Loading;

namespace Contracts.Engine.Binary;

/// <summary>
/// A zero-allocation cursor over WebAssembly bytes. LEB128 reads take a one-byte fast path and fall back to an
/// out-of-line loop. Every failure throws <see cref="WasmDecodeException"/> with the absolute byte offset
/// (<see cref="BaseOffset"/> + position), so a reader over a slice still reports offsets in the whole module.
/// </summary>
public ref struct WasmReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    public WasmReader(ReadOnlySpan<byte> bytes, int baseOffset = 0)
    {
        _bytes = bytes;
        _position = 0;
        BaseOffset = baseOffset;
    }

    public int BaseOffset { get; }
    public int Position
    {
        readonly get => _position;
        set => _position = value;
    }

    /// <summary>Absolute offset of the cursor in the module.</summary>
    public readonly int Offset => BaseOffset + _position;
    public readonly int Length => _bytes.Length;
    public readonly int Remaining => _bytes.Length - _position;
    public readonly bool IsAtEnd => _position >= _bytes.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if ((uint)_position >= (uint)_bytes.Length) ThrowUnexpectedEnd();
        return _bytes[_position++];
    }

    public readonly byte PeekByte()
    {
        if ((uint)_position >= (uint)_bytes.Length) ThrowUnexpectedEnd();
        return _bytes[_position];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining) ThrowUnexpectedEnd();
        var slice = _bytes.Slice(_position, count);
        _position += count;
        return slice;
    }

    public void Skip(int count)
    {
        if (count < 0 || count > Remaining) ThrowUnexpectedEnd();
        _position += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadVarUInt32()
    {
        if ((uint)_position < (uint)_bytes.Length)
        {
            byte b = _bytes[_position];
            if (b < 0x80)
            {
                _position++;
                return b;
            }
        }
        return ReadVarUInt32Slow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private uint ReadVarUInt32Slow()
    {
        uint result = 0;
        int shift = 0;
        while (true)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) Throw(WasmErrorKind.IntegerRepresentationTooLong, Offset - 1, "integer representation too long");
                if ((b & 0x70) != 0) Throw(WasmErrorKind.IntegerTooLarge, Offset - 1, "integer too large");
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
            shift += 7;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadVarInt32()
    {
        if ((uint)_position < (uint)_bytes.Length)
        {
            byte b = _bytes[_position];
            if (b < 0x80)
            {
                _position++;
                return (b << 25) >> 25;
            }
        }
        return ReadVarInt32Slow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ReadVarInt32Slow()
    {
        int result = 0;
        int shift = 0;
        while (true)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) Throw(WasmErrorKind.IntegerRepresentationTooLong, Offset - 1, "integer representation too long");
                // The unused bits of the last byte must all equal the sign bit (bit 3).
                int top = b & 0x70;
                bool negative = (b & 0x08) != 0;
                if (negative ? top != 0x70 : top != 0) Throw(WasmErrorKind.IntegerTooLarge, Offset - 1, "integer too large");
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return (result << (32 - shift)) >> (32 - shift);
            }
        }
    }

    public long ReadVarInt64()
    {
        long result = 0;
        int shift = 0;
        while (true)
        {
            byte b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0) Throw(WasmErrorKind.IntegerRepresentationTooLong, Offset - 1, "integer representation too long");
                // Only bit 0 is payload; the other six value bits must equal it (sign extension).
                int top = b & 0x7F;
                if (top != 0 && top != 0x7F) Throw(WasmErrorKind.IntegerTooLarge, Offset - 1, "integer too large");
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return shift >= 64 ? result : (result << (64 - shift)) >> (64 - shift);
            }
        }
    }

    /// <summary>Reads a signed 33-bit LEB128 (block types); returns it sign-extended in a long.</summary>
    public long ReadVarInt33()
    {
        long result = 0;
        int shift = 0;
        while (true)
        {
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) Throw(WasmErrorKind.IntegerRepresentationTooLong, Offset - 1, "integer representation too long");
                // 5th byte carries bits 28..32; bits 5..6 must equal the sign bit (bit 4).
                int top = b & 0x60;
                bool negative = (b & 0x10) != 0;
                if (negative ? top != 0x60 : top != 0) Throw(WasmErrorKind.IntegerTooLarge, Offset - 1, "integer too large");
                result |= (long)(b & 0x7F) << 28;
                return (result << (64 - 35)) >> (64 - 35);
            }
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                return (result << (64 - shift)) >> (64 - shift);
            }
        }
    }

    public uint ReadUInt32LittleEndian()
    {
        var span = ReadBytes(4);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public ulong ReadUInt64LittleEndian()
    {
        var span = ReadBytes(8);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    /// <summary>Raw IEEE bits of an f32 immediate (never converted to float, so NaN payloads survive).</summary>
    public uint ReadFloat32Bits() => ReadUInt32LittleEndian();

    /// <summary>Raw IEEE bits of an f64 immediate.</summary>
    public ulong ReadFloat64Bits() => ReadUInt64LittleEndian();

    /// <summary>Reads a length-prefixed name, validating UTF-8. Returns the raw bytes (zero-copy).</summary>
    public ReadOnlySpan<byte> ReadNameBytes()
    {
        int start = Offset;
        uint length = ReadVarUInt32();
        if (length > (uint)Remaining) Throw(WasmErrorKind.LengthOutOfBounds, start, "length out of bounds: name length exceeds the remaining bytes");
        var bytes = ReadBytes((int)length);
        if (!Utf8.IsValid(bytes)) Throw(WasmErrorKind.MalformedUtf8, start, "malformed UTF-8 encoding");
        return bytes;
    }

    public string ReadName() => Encoding.UTF8.GetString(ReadNameBytes());

    [DoesNotReturn]
    private readonly void ThrowUnexpectedEnd() =>
        Throw(WasmErrorKind.UnexpectedEnd, Offset, "unexpected end of section or function");

    [DoesNotReturn]
    public static void Throw(WasmErrorKind kind, long offset, string message) =>
        throw new WasmDecodeException(kind, offset, message);
}
