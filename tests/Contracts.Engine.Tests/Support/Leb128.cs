using Contracts.Engine.Binary.Writing;

namespace Contracts.Engine.Tests.Support;

/// <summary>LEB128 encodings for building test binaries: the engine's writer's, plus deliberately non-minimal ones.</summary>
public static class Leb128
{
    public static byte[] Unsigned(ulong value)
    {
        var writer = new WasmWriter(16);
        writer.WriteVarUInt64(value);
        return writer.ToArray();
    }

    public static byte[] Signed(long value)
    {
        var writer = new WasmWriter(16);
        writer.WriteVarInt64(value);
        return writer.ToArray();
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
