using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Contracts.Cli.Client;

/// <summary>
/// Reads revert data as Solidity and our SDK write it: <c>Error(string)</c> (selector 0x08c379a0) carries a message,
/// <c>Panic(uint256)</c> (0x4e487b71) a code; anything else is shown as hex (or as text when it is printable UTF-8,
/// as a contract that reverts with a bare string does).
/// </summary>
public static class RevertReason
{
    private static ReadOnlySpan<byte> ErrorSelector => [0x08, 0xc3, 0x79, 0xa0];

    private static ReadOnlySpan<byte> PanicSelector => [0x4e, 0x48, 0x7b, 0x71];

    /// <summary>A one-line description of <paramref name="data"/>; "no reason given" when it is empty.</summary>
    public static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "no reason given";
        if (TryDecodeError(data, out string? message)) return message;
        if (data.Length == 36 && data.StartsWith(PanicSelector))
        {
            var code = new BigInteger(data[4..], isUnsigned: true, isBigEndian: true);
            return $"panic 0x{code:x2}" + (PanicMeaning(code) is { } meaning ? $" ({meaning})" : "");
        }
        if (IsPrintable(data)) return $"\"{Encoding.UTF8.GetString(data)}\" (raw bytes {RpcHex.Data(data)})";
        return $"custom error data {RpcHex.Data(data)}";
    }

    /// <summary>Decodes <c>Error(string)</c>: selector, offset word (0x20), length word, UTF-8 bytes padded to a word.</summary>
    public static bool TryDecodeError(ReadOnlySpan<byte> data, out string message)
    {
        message = "";
        if (data.Length < 4 + 64 || !data.StartsWith(ErrorSelector)) return false;
        var body = data[4..];
        if (!TryReadSmallWord(body[..32], out ulong offset) || offset > (ulong)body.Length - 32) return false;
        if (!TryReadSmallWord(body.Slice((int)offset, 32), out ulong length)) return false;
        ulong start = offset + 32;
        if (length > (ulong)body.Length - start) return false;
        try
        {
            message = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Slice((int)start, (int)length));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool TryReadSmallWord(ReadOnlySpan<byte> word, out ulong value)
    {
        value = 0;
        if (word.Length != 32 || word[..24].ContainsAnyExcept((byte)0)) return false;
        value = BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
        return value <= int.MaxValue;
    }

    private static bool IsPrintable(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) if (b is < 0x20 or > 0x7e) return false;
        return true;
    }

    private static string? PanicMeaning(BigInteger code) => (int)(code > 0xff ? -1 : code) switch
    {
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "invalid storage byte array",
        0x31 => "pop on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to an uninitialized function",
        _ => null,
    };
}
