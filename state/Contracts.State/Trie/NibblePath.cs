using System.Runtime.CompilerServices;

namespace Contracts.State.Trie;

/// <summary>
/// A run of nibbles (half-bytes) viewed inside a packed byte array, so that slicing a key while walking down the
/// trie never copies. The array is never written after the path is made.
/// </summary>
internal readonly struct NibblePath
{
    private readonly byte[] _bytes;
    private readonly int _start;

    private NibblePath(byte[] bytes, int start, int length)
    {
        _bytes = bytes;
        _start = start;
        Length = length;
    }

    public int Length { get; }

    public static NibblePath Empty { get; } = new([], 0, 0);

    /// <summary>All nibbles of <paramref name="key"/>, high nibble of each byte first. The array is kept, not copied.</summary>
    public static NibblePath FromKey(byte[] key) => new(key, 0, key.Length * 2);

    /// <summary>The nibbles of <c>bytes[offset .. offset + length]</c>; the array is kept, not copied.</summary>
    public static NibblePath FromKeySlice(byte[] bytes, int offset, int length) => new(bytes, offset * 2, length * 2);

    public int this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var position = _start + index;
            var b = _bytes[position >> 1];
            return (position & 1) == 0 ? b >> 4 : b & 0x0f;
        }
    }

    public NibblePath Slice(int start) => new(_bytes, _start + start, Length - start);

    public NibblePath Slice(int start, int length) => new(_bytes, _start + start, length);

    public int CommonPrefixLength(in NibblePath other)
    {
        var max = Math.Min(Length, other.Length);
        var i = 0;
        while (i < max && this[i] == other[i])
        {
            i++;
        }

        return i;
    }

    public bool SequenceEqual(in NibblePath other) => Length == other.Length && CommonPrefixLength(other) == Length;

    /// <summary>Bytes of the hex-prefix (compact) encoding: one flag nibble, padded to whole bytes.</summary>
    public int HexPrefixLength => 1 + Length / 2;

    /// <summary>Writes the hex-prefix encoding: flag nibble 2 for a leaf, +1 when the length is odd.</summary>
    public void WriteHexPrefix(Span<byte> destination, bool isLeaf)
    {
        var odd = (Length & 1) == 1;
        var flag = (isLeaf ? 2 : 0) + (odd ? 1 : 0);
        var nibble = 0;
        if (odd)
        {
            destination[0] = (byte)((flag << 4) | this[0]);
            nibble = 1;
        }
        else
        {
            destination[0] = (byte)(flag << 4);
        }

        for (var i = 1; nibble < Length; i++, nibble += 2)
        {
            destination[i] = (byte)((this[nibble] << 4) | this[nibble + 1]);
        }
    }

    /// <summary>Reads a hex-prefix encoding; returns false when the flag nibble or padding is not canonical.</summary>
    public static bool TryFromHexPrefix(ReadOnlySpan<byte> encoded, out NibblePath path, out bool isLeaf)
    {
        path = Empty;
        isLeaf = false;
        if (encoded.Length == 0)
        {
            return false;
        }

        var flag = encoded[0] >> 4;
        if (flag > 3)
        {
            return false;
        }

        var odd = (flag & 1) == 1;
        if (!odd && (encoded[0] & 0x0f) != 0)
        {
            return false;
        }

        isLeaf = flag >= 2;
        var start = odd ? 1 : 2;
        path = new NibblePath(encoded.ToArray(), start, encoded.Length * 2 - start);
        return true;
    }

    /// <summary>Joins <paramref name="prefix"/>, an optional middle nibble (-1 for none) and <paramref name="suffix"/> into a new path.</summary>
    public static NibblePath Concat(in NibblePath prefix, int middle, in NibblePath suffix)
    {
        var length = prefix.Length + (middle >= 0 ? 1 : 0) + suffix.Length;
        var bytes = new byte[(length + 1) / 2];
        var position = 0;
        for (var i = 0; i < prefix.Length; i++)
        {
            Set(bytes, position++, prefix[i]);
        }

        if (middle >= 0)
        {
            Set(bytes, position++, middle);
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            Set(bytes, position++, suffix[i]);
        }

        return new NibblePath(bytes, 0, length);
    }

    private static void Set(byte[] bytes, int position, int nibble)
    {
        if ((position & 1) == 0)
        {
            bytes[position >> 1] = (byte)(nibble << 4);
        }
        else
        {
            bytes[position >> 1] |= (byte)nibble;
        }
    }

    public override string ToString()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = "0123456789abcdef"[this[i]];
        }

        return new string(chars);
    }
}
