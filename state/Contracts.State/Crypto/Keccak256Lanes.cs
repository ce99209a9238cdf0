using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Contracts.State.Primitives;

namespace Contracts.State.Crypto;

/// <summary>
/// Multi-lane Keccak-256: several independent inputs share each permutation, one input per vector element.
/// Inputs of different lengths run in lockstep; a lane that has finished absorbs zeros and its digest is taken
/// right after its own final block.
/// </summary>
internal static class Keccak256Lanes
{
    [SkipLocalsInit]
    public static void Compute4(
        ReadOnlySpan<byte> input0, ReadOnlySpan<byte> input1, ReadOnlySpan<byte> input2, ReadOnlySpan<byte> input3,
        Span<Hash256> output)
    {
        const int rate = KeccakSponge.Rate;
        Span<byte> padded = stackalloc byte[4 * rate];
        var padded0 = padded[..rate];
        var padded1 = padded.Slice(rate, rate);
        var padded2 = padded.Slice(2 * rate, rate);
        var padded3 = padded.Slice(3 * rate, rate);
        KeccakSponge.PadFinalBlock(input0, padded0);
        KeccakSponge.PadFinalBlock(input1, padded1);
        KeccakSponge.PadFinalBlock(input2, padded2);
        KeccakSponge.PadFinalBlock(input3, padded3);

        var final0 = KeccakSponge.FinalBlockIndex(input0.Length);
        var final1 = KeccakSponge.FinalBlockIndex(input1.Length);
        var final2 = KeccakSponge.FinalBlockIndex(input2.Length);
        var final3 = KeccakSponge.FinalBlockIndex(input3.Length);
        var lastBlock = Math.Max(Math.Max(final0, final1), Math.Max(final2, final3));

        var state = default(KeccakState4);
        for (var block = 0; block <= lastBlock; block++)
        {
            var block0 = KeccakSponge.BlockOf(input0, padded0, block);
            var block1 = KeccakSponge.BlockOf(input1, padded1, block);
            var block2 = KeccakSponge.BlockOf(input2, padded2, block);
            var block3 = KeccakSponge.BlockOf(input3, padded3, block);
            for (var word = 0; word < KeccakSponge.RateWords; word++)
            {
                state[word] ^= Vector256.Create(
                    KeccakSponge.Word(block0, word), KeccakSponge.Word(block1, word),
                    KeccakSponge.Word(block2, word), KeccakSponge.Word(block3, word));
            }

            KeccakPermutation4.Permute(ref state);
            if (block == final0) output[0] = Digest(ref state, 0);
            if (block == final1) output[1] = Digest(ref state, 1);
            if (block == final2) output[2] = Digest(ref state, 2);
            if (block == final3) output[3] = Digest(ref state, 3);
        }
    }

    /// <summary>Hashes the eight inputs <c>data[starts[i] .. starts[i] + lengths[i]]</c> with the 8-lane permutation.</summary>
    [SkipLocalsInit]
    public static void Compute8(
        ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<Hash256> output)
    {
        const int rate = KeccakSponge.Rate;
        const int lanes = 8;
        Span<byte> padded = stackalloc byte[lanes * rate];
        Span<int> finals = stackalloc int[lanes];
        var lastBlock = 0;
        for (var lane = 0; lane < lanes; lane++)
        {
            var input = data.Slice(starts[lane], lengths[lane]);
            KeccakSponge.PadFinalBlock(input, padded.Slice(lane * rate, rate));
            finals[lane] = KeccakSponge.FinalBlockIndex(input.Length);
            lastBlock = Math.Max(lastBlock, finals[lane]);
        }

        var state = default(KeccakState8);
        for (var block = 0; block <= lastBlock; block++)
        {
            var block0 = KeccakSponge.BlockOf(data.Slice(starts[0], lengths[0]), padded[..rate], block);
            var block1 = KeccakSponge.BlockOf(data.Slice(starts[1], lengths[1]), padded.Slice(rate, rate), block);
            var block2 = KeccakSponge.BlockOf(data.Slice(starts[2], lengths[2]), padded.Slice(2 * rate, rate), block);
            var block3 = KeccakSponge.BlockOf(data.Slice(starts[3], lengths[3]), padded.Slice(3 * rate, rate), block);
            var block4 = KeccakSponge.BlockOf(data.Slice(starts[4], lengths[4]), padded.Slice(4 * rate, rate), block);
            var block5 = KeccakSponge.BlockOf(data.Slice(starts[5], lengths[5]), padded.Slice(5 * rate, rate), block);
            var block6 = KeccakSponge.BlockOf(data.Slice(starts[6], lengths[6]), padded.Slice(6 * rate, rate), block);
            var block7 = KeccakSponge.BlockOf(data.Slice(starts[7], lengths[7]), padded.Slice(7 * rate, rate), block);
            for (var word = 0; word < KeccakSponge.RateWords; word++)
            {
                state[word] ^= Vector512.Create(
                    KeccakSponge.Word(block0, word), KeccakSponge.Word(block1, word),
                    KeccakSponge.Word(block2, word), KeccakSponge.Word(block3, word),
                    KeccakSponge.Word(block4, word), KeccakSponge.Word(block5, word),
                    KeccakSponge.Word(block6, word), KeccakSponge.Word(block7, word));
            }

            KeccakPermutation8.Permute(ref state);
            for (var lane = 0; lane < lanes; lane++)
            {
                if (block == finals[lane])
                {
                    output[lane] = new Hash256(
                        state[0].GetElement(lane), state[1].GetElement(lane),
                        state[2].GetElement(lane), state[3].GetElement(lane));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Hash256 Digest(ref KeccakState4 state, int lane) =>
        new(state[0].GetElement(lane), state[1].GetElement(lane), state[2].GetElement(lane), state[3].GetElement(lane));
}
