using System.Buffers.Binary;
using System.Text;

namespace Contracts.Devnet.Rpc;

/// <summary>Reads a revert's data the way geth does for its error message: <c>Error(string)</c> (selector 0x08c379a0) gives the text.</summary>
public static class RevertReason
{
    private static readonly byte[] ErrorSelector = [0x08, 0xc3, 0x79, 0xa0];

    /// <summary>The reason string, or null when the data is not a well-formed <c>Error(string)</c>.</summary>
    public static string? TryDecode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 + 64 || !data[..4].SequenceEqual(ErrorSelector)) return null;
        var body = data[4..];
        if (!TryReadWord(body[..32], out ulong offset) || offset > (ulong)body.Length - 32) return null;
        if (!TryReadWord(body.Slice((int)offset, 32), out ulong length)) return null;
        ulong start = offset + 32;
        if (length > (ulong)body.Length - start) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Slice((int)start, (int)length));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool TryReadWord(ReadOnlySpan<byte> word, out ulong value)
    {
        value = 0;
        foreach (byte b in word[..24])
            if (b != 0) return false;
        value = BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
        return value <= int.MaxValue;
    }
}
