using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Contracts.State.Primitives;

namespace Contracts.State.Crypto;

/// <summary>Keccak-256 (Ethereum's hash: original Keccak padding, not SHA3-256).</summary>
public static class Keccak256
{
    /// <summary>Hashes one input on the scalar path.</summary>
    [SkipLocalsInit]
    public static Hash256 Compute(ReadOnlySpan<byte> input)
    {
        var state = default(KeccakState);
        var finalIndex = KeccakSponge.FinalBlockIndex(input.Length);
        for (var block = 0; block < finalIndex; block++)
        {
            Absorb(ref state, input.Slice(block * KeccakSponge.Rate, KeccakSponge.Rate));
            KeccakPermutation.Permute(ref state);
        }

        Span<byte> padded = stackalloc byte[KeccakSponge.Rate];
        KeccakSponge.PadFinalBlock(input, padded);
        Absorb(ref state, padded);
        KeccakPermutation.Permute(ref state);
        return new Hash256(state[0], state[1], state[2], state[3]);
    }

    /// <summary>
    /// How many inputs the widest available path hashes per permutation: 8 with AVX-512, 4 with AVX2, else 1.
    /// </summary>
    public static int PreferredLanes =>
        Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : 1;

    /// <summary>Hashes four independent inputs with the 4-lane permutation, or one by one without AVX2.</summary>
    public static void Compute4(
        ReadOnlySpan<byte> input0, ReadOnlySpan<byte> input1, ReadOnlySpan<byte> input2, ReadOnlySpan<byte> input3,
        Span<Hash256> output)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Keccak256Lanes.Compute4(input0, input1, input2, input3, output);
        }
        else
        {
            output[3] = Compute(input3);
            output[0] = Compute(input0);
            output[1] = Compute(input1);
            output[2] = Compute(input2);
        }
    }

    /// <summary>
    /// Hashes <c>data[starts[i] .. starts[i] + lengths[i]]</c> into <c>output[i]</c> for every i, as many at a
    /// time as the hardware allows. The order of the results never depends on the path taken.
    /// </summary>
    public static void ComputeBatch(
        ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<Hash256> output) =>
        ComputeBatch(data, starts, lengths, output, PreferredLanes);

    internal static void ComputeBatch(
        ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<Hash256> output, int lanes)
    {
        if (starts.Length != lengths.Length || output.Length < starts.Length)
        {
            throw new ArgumentException("Batch starts, lengths and output must have matching sizes.");
        }

        var i = 0;
        var count = starts.Length;
        if (lanes >= 8)
        {
            for (; count - i >= 8; i += 8)
            {
                Keccak256Lanes.Compute8(data, starts.Slice(i, 8), lengths.Slice(i, 8), output.Slice(i, 8));
            }
        }

        if (lanes >= 4)
        {
            for (; count - i >= 4; i += 4)
            {
                Keccak256Lanes.Compute4(
                    data.Slice(starts[i], lengths[i]), data.Slice(starts[i + 1], lengths[i + 1]),
                    data.Slice(starts[i + 2], lengths[i + 2]), data.Slice(starts[i + 3], lengths[i + 3]),
                    output.Slice(i, 4));
            }

            // Two or three left over still cost less as one 4-lane pass than as separate scalar hashes.
            if (count - i >= 2)
            {
                Span<Hash256> rest = stackalloc Hash256[4];
                var remaining = count - i;
                Keccak256Lanes.Compute4(
                    data.Slice(starts[i], lengths[i]), data.Slice(starts[i + 1], lengths[i + 1]),
                    remaining > 2 ? data.Slice(starts[i + 2], lengths[i + 2]) : default,
                    default,
                    rest);
                rest[..remaining].CopyTo(output.Slice(i, remaining));
                i = count;
            }
        }

        for (; i < count; i++)
        {
            output[i] = Compute(data.Slice(starts[i], lengths[i]));
        }
    }

    private static void Absorb(ref KeccakState state, ReadOnlySpan<byte> block)
    {
        for (var word = 0; word < KeccakSponge.RateWords; word++)
        {
            state[word] ^= KeccakSponge.Word(block, word);
        }
    }
}
