namespace Contracts.Engine.Tests.Support;

/// <summary>LEB128 encodings for building test binaries.</summary>
public static class Leb128
{
    public static byte[] Unsigned(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            bytes.Add(b);
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] Signed(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            bytes.Add(b);
            if (done) return [.. bytes];
        }
    }

    /// <summary>An unsigned value padded to exactly <paramref name="length"/> bytes (a valid, non-minimal encoding).</summary>
    public static byte[] UnsignedPadded(ulong value, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((value & 0x7F) | (i < length - 1 ? 0x80u : 0u));
            value >>= 7;
        }
        return bytes;
    }
}
