using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Contracts.State.Crypto;

/// <summary>Sponge parameters and block helpers shared by the scalar and multi-lane Keccak-256.</summary>
internal static class KeccakSponge
{
    /// <summary>Keccak-256 absorbs 136 bytes per permutation (1600 - 2 * 256 bits of capacity).</summary>
    public const int Rate = 136;

    public const int RateWords = Rate / 8;

    private static ReadOnlySpan<byte> ZeroBlock => new byte[Rate];

    /// <summary>Index of the block that carries the padding: every input has exactly one more block than it fills.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FinalBlockIndex(int length) => length / Rate;

    /// <summary>Writes the last, padded block: the tail bytes, then Keccak's (not SHA-3's) 0x01 ... 0x80 padding.</summary>
    public static void PadFinalBlock(ReadOnlySpan<byte> input, Span<byte> padded)
    {
        var tail = input[(FinalBlockIndex(input.Length) * Rate)..];
        padded[..Rate].Clear();
        tail.CopyTo(padded);
        padded[tail.Length] ^= 0x01;
        padded[Rate - 1] ^= 0x80;
    }

    /// <summary>The bytes absorbed at block <paramref name="block"/>; zeros once an input is done, so lanes of different lengths can share permutations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> BlockOf(ReadOnlySpan<byte> input, ReadOnlySpan<byte> paddedFinal, int block)
    {
        var finalIndex = FinalBlockIndex(input.Length);
        if (block < finalIndex) return input.Slice(block * Rate, Rate);
        return block == finalIndex ? paddedFinal : ZeroBlock;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Word(ReadOnlySpan<byte> block, int word) =>
        BinaryPrimitives.ReadUInt64LittleEndian(block.Slice(word * 8, 8));
}
