using System.Text;

namespace Contracts.Fuzz.Generation;

/// <summary>An append-only byte buffer with the WebAssembly binary encodings (LEB128, names, vectors).</summary>
public sealed class WasmWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public void Byte(byte value)
    {
        if (Length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[Length++] = value;
    }

    public void Bytes(ReadOnlySpan<byte> values)
    {
        foreach (var value in values) Byte(value);
    }

    public void U32(uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            Byte(b);
        } while (value != 0);
    }

    public void S32(int value) => S64(value);

    public void S64(long value)
    {
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            Byte(b);
            if (done) return;
        }
    }

    public void F32Bits(uint bits)
    {
        for (int i = 0; i < 4; i++) Byte((byte)(bits >> (8 * i)));
    }

    public void F64Bits(ulong bits)
    {
        for (int i = 0; i < 8; i++) Byte((byte)(bits >> (8 * i)));
    }

    public void Name(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        U32((uint)utf8.Length);
        Bytes(utf8);
    }

    /// <summary>A section: id, byte size, then the content written by <paramref name="content"/>.</summary>
    public void Section(byte id, Action<WasmWriter> content)
    {
        var inner = new WasmWriter();
        content(inner);
        Byte(id);
        U32((uint)inner.Length);
        Bytes(inner.AsSpan());
    }

    public ReadOnlySpan<byte> AsSpan() => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();
}
