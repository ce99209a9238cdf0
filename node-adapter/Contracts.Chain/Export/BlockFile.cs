using System.Buffers.Binary;
using System.IO.Compression;
using Contracts.Chain.Blocks;
using Contracts.State.Rlp;

namespace Contracts.Chain.Export;

/// <summary>
/// geth's block export format (<c>geth export</c> / <c>geth import</c>): RLP blocks back to back, each
/// <c>rlp([header, [transactions], [ommers]])</c>, with nothing between them; a file whose name ends in
/// <c>.gz</c> is gzip-compressed, as geth does. Blocks are read one at a time, so files larger than memory stream.
/// </summary>
public static class BlockFile
{
    /// <summary>The largest block item accepted (a bound on what a hostile file can make us allocate).</summary>
    public const int MaxBlockBytes = 256 * 1024 * 1024;

    public static Stream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    public static Stream Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Stream file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return IsGzip(path) ? new GZipStream(file, CompressionLevel.Optimal) : file;
    }

    public static void Write(Stream output, Block block)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(block);
        output.Write(block.Encode());
    }

    /// <summary>The blocks of <paramref name="input"/> in file order. Throws <see cref="FormatException"/> naming the byte offset of a bad or truncated block.</summary>
    public static IEnumerable<Block> Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long offset = 0;
        while (ReadItem(input, offset) is { } item)
        {
            Block block;
            try
            {
                block = Block.Decode(item);
            }
            catch (FormatException e)
            {
                throw new FormatException($"the block at byte {offset} does not decode: {e.Message}", e);
            }
            offset += item.Length;
            yield return block;
        }
    }

    /// <summary>How many blocks <paramref name="input"/> holds, reading only their RLP prefixes (for a progress bar's total).</summary>
    public static long Count(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long count = 0, offset = 0;
        Span<byte> prefix = stackalloc byte[9];
        while (ReadPrefix(input, prefix, offset) is { } header)
        {
            Skip(input, header.PayloadLength, offset);
            offset += header.PrefixLength + header.PayloadLength;
            count++;
        }
        return count;
    }

    private static byte[]? ReadItem(Stream input, long offset)
    {
        Span<byte> prefix = stackalloc byte[9];
        if (ReadPrefix(input, prefix, offset) is not { } header) return null;
        var item = new byte[header.PrefixLength + header.PayloadLength];
        prefix[..header.PrefixLength].CopyTo(item);
        ReadExactly(input, item.AsSpan(header.PrefixLength), offset);
        return item;
    }

    /// <summary>Reads a block's list prefix; null at a clean end of the input.</summary>
    private static (int PrefixLength, int PayloadLength)? ReadPrefix(Stream input, Span<byte> prefix, long offset)
    {
        int first = input.ReadByte();
        if (first < 0) return null;
        prefix[0] = (byte)first;
        if (first < 0xc0) throw new FormatException($"the item at byte {offset} is not an RLP list (prefix 0x{first:x2}): not a block");
        if (first <= 0xf7) return (1, first - 0xc0);
        int lengthOfLength = first - 0xf7;
        ReadExactly(input, prefix.Slice(1, lengthOfLength), offset);
        if (prefix[1] == 0) throw new FormatException($"the block at byte {offset} has a non-canonical length (leading zero)");
        ulong length = 0;
        for (int i = 1; i <= lengthOfLength; i++) length = (length << 8) | prefix[i];
        if (length < 56) throw new FormatException($"the block at byte {offset} has a non-canonical length ({length} in the long form)");
        if (length > MaxBlockBytes) throw new FormatException($"the block at byte {offset} claims {length} bytes, over the {MaxBlockBytes}-byte limit");
        return (1 + lengthOfLength, (int)length);
    }

    private static void ReadExactly(Stream input, Span<byte> destination, long offset)
    {
        try
        {
            input.ReadExactly(destination);
        }
        catch (EndOfStreamException)
        {
            throw new FormatException($"the file ends inside the block at byte {offset}");
        }
    }

    private static void Skip(Stream input, int length, long offset)
    {
        if (input.CanSeek)
        {
            if (input.Position + length > input.Length) throw new FormatException($"the file ends inside the block at byte {offset}");
            input.Seek(length, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[Math.Min(length, 1 << 16)];
        while (length > 0)
        {
            int chunk = Math.Min(length, buffer.Length);
            ReadExactly(input, buffer.AsSpan(0, chunk), offset);
            length -= chunk;
        }
    }

    private static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
