using System.Buffers.Binary;

namespace Contracts.Engine.Binary.Writing;

/// <summary>
/// A growable byte buffer with the WebAssembly binary format's primitives: bytes, LEB128 integers (always in their
/// shortest form, so equal inputs encode to equal bytes), little-endian floats' raw bits and length-prefixed names.
/// </summary>
public sealed class WasmWriter
{
    private byte[] _buffer;
    private int _length;

    public WasmWriter(int capacity = 256) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length => _length;

    /// <summary>The bytes written so far (a view valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Clear() => _length = 0;

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length) Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteVarUInt32(uint value) => WriteVarUInt64(value);

    /// <summary>Unsigned LEB128, shortest form: the one implementation (u32 immediates, counts, sizes).</summary>
    public void WriteVarUInt64(ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            WriteByte(b);
        }
        while (value != 0);
    }

    public void WriteVarInt32(int value) => WriteVarInt64(value);

    /// <summary>Signed LEB128, shortest form: the one implementation (i32/i64 constants, s33 block types).</summary>
    public void WriteVarInt64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            WriteByte(b);
            if (done) return;
        }
    }

    public void WriteFloat32Bits(uint bits)
    {
        Span<byte> span = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(span, bits);
        WriteBytes(span);
    }

    public void WriteFloat64Bits(ulong bits)
    {
        Span<byte> span = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(span, bits);
        WriteBytes(span);
    }

    public void WriteName(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        WriteVarUInt32((uint)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A section: <paramref name="id"/>, its byte size, then what <paramref name="content"/> writes.</summary>
    public void WriteSection(byte id, Action<WasmWriter> content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var inner = new WasmWriter();
        content(inner);
        WriteByte(id);
        WriteSized(inner);
    }

    /// <summary>Writes <paramref name="content"/> preceded by its length, as sections and bodies are framed.</summary>
    public void WriteSized(WasmWriter content)
    {
        WriteVarUInt32((uint)content.Length);
        WriteBytes(content.WrittenSpan);
    }

    private void Grow(int needed)
    {
        long size = Math.Max((long)_buffer.Length * 2, (long)_length + needed);
        if (size > Array.MaxLength) throw new InvalidOperationException("a WebAssembly module cannot exceed 2 GiB");
        Array.Resize(ref _buffer, (int)size);
    }
}
