using System.Text;
using Contracts.State.Crypto;
using Contracts.State.Primitives;
using Contracts.State.Tests.Support;
using FsCheck.Fluent;
using Xunit;

namespace Contracts.State.Tests.Crypto;

public sealed class Keccak256Tests
{
    private const int MaxLength = 1000;

    // Around each multiple of the 136-byte rate: the padding byte lands last in a block, or needs a new block.
    private static readonly int[] RateBoundaries = [0, 1, 135, 136, 137, 271, 272, 273, 407, 408, 409, 1000];

    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Known_digests_match(string text, string expectedHex)
    {
        Assert.Equal(Hash256.FromHex(expectedHex), Keccak256.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Scalar_path_matches_BouncyCastle_for_every_length_up_to_1000()
    {
        for (var length = 0; length <= MaxLength; length++)
        {
            var input = Bytes.Pseudorandom(length, length);
            Assert.Equal(new Hash256(Reference.Keccak256(input)), Keccak256.Compute(input));
        }
    }

    [Fact]
    public void Four_lane_path_matches_BouncyCastle_for_every_length_up_to_1000_with_lanes_of_different_lengths()
    {
        var output = new Hash256[4];
        for (var length = 0; length <= MaxLength; length++)
        {
            // Lane lengths spread over up to 7 blocks apart so lanes finish on different permutations.
            var inputs = new[]
            {
                Bytes.Pseudorandom(length, 1),
                Bytes.Pseudorandom((length * 7 + 3) % (MaxLength + 1), 2),
                Bytes.Pseudorandom(MaxLength - length, 3),
                Bytes.Pseudorandom(length / 3, 4),
            };
            Keccak256Lanes.Compute4(inputs[0], inputs[1], inputs[2], inputs[3], output);
            for (var lane = 0; lane < 4; lane++)
            {
                Assert.Equal(new Hash256(Reference.Keccak256(inputs[lane])), output[lane]);
            }
        }
    }

    [Fact]
    public void Eight_lane_path_matches_BouncyCastle_at_rate_boundaries()
    {
        foreach (var length in RateBoundaries)
        {
            var inputs = Enumerable.Range(0, 8)
                .Select(lane => Bytes.Pseudorandom(lane % 2 == 0 ? length : RateBoundaries[lane], lane))
                .ToArray();
            var (data, starts, lengths) = Concatenate(inputs);
            var output = new Hash256[8];
            Keccak256Lanes.Compute8(data, starts, lengths, output);
            for (var lane = 0; lane < 8; lane++)
            {
                Assert.Equal(new Hash256(Reference.Keccak256(inputs[lane])), output[lane]);
            }
        }
    }

    [Fact]
    public void Every_path_agrees_with_BouncyCastle_on_random_batches()
    {
        var length = Gen.OneOf(Gen.Elements(RateBoundaries), Gen.Choose(0, MaxLength));
        var input = length.SelectMany(n => Gen.ArrayOf(ArbByte, n));
        var batch = Gen.Choose(1, 19).SelectMany(n => Gen.ArrayOf(input, n));

        PropertyRunner.Check(batch, inputs =>
        {
            var expected = inputs.Select(i => new Hash256(Reference.Keccak256(i))).ToArray();
            var (data, starts, lengths) = Concatenate(inputs);
            foreach (var lanes in new[] { 1, 4, 8 })
            {
                var output = new Hash256[inputs.Length];
                Keccak256.ComputeBatch(data, starts, lengths, output, lanes);
                if (!output.SequenceEqual(expected)) return false;
            }

            return true;
        }, maxTest: 200, seed: 3);
    }

    [Fact]
    public void Four_lane_property_with_independent_lane_lengths()
    {
        var length = Gen.OneOf(Gen.Elements(RateBoundaries), Gen.Choose(0, MaxLength));
        var input = length.SelectMany(n => Gen.ArrayOf(ArbByte, n));
        var four = Gen.ArrayOf(input, 4);

        PropertyRunner.Check(four, inputs =>
        {
            var vector = new Hash256[4];
            var fallback = new Hash256[4];
            Keccak256Lanes.Compute4(inputs[0], inputs[1], inputs[2], inputs[3], vector);
            var (data, starts, lengths) = Concatenate(inputs);
            Keccak256.ComputeBatch(data, starts, lengths, fallback, lanes: 1);
            for (var lane = 0; lane < 4; lane++)
            {
                var expected = new Hash256(Reference.Keccak256(inputs[lane]));
                if (vector[lane] != expected || fallback[lane] != expected) return false;
            }

            return true;
        }, maxTest: 300, seed: 4);
    }

    private static FsCheck.Gen<byte> ArbByte => Gen.Choose(0, 255).Select(b => (byte)b);

    private static (byte[] Data, int[] Starts, int[] Lengths) Concatenate(byte[][] inputs)
    {
        var data = inputs.SelectMany(i => i).ToArray();
        var starts = new int[inputs.Length];
        var lengths = new int[inputs.Length];
        var offset = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            starts[i] = offset;
            lengths[i] = inputs[i].Length;
            offset += inputs[i].Length;
        }

        return (data, starts, lengths);
    }
}
