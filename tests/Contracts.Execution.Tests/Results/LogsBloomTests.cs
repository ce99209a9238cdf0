using Contracts.Execution.Results;
using Contracts.State.Primitives;

namespace Contracts.Execution.Tests.Results;

public sealed class LogsBloomTests
{
    [Fact]
    public void A_log_sets_three_bits_for_its_address_and_each_topic()
    {
        var address = Address.FromHex("0x00000000000000000000000000000000000000a1");
        var topic = Hash256.FromHex("0x" + new string('1', 64));
        var bloom = LogsBloom.Of([new Log(address, [topic], new byte[] { 9 })]);

        int bits = 0;
        foreach (byte b in bloom.Bytes) bits += System.Numerics.BitOperations.PopCount(b);
        Assert.InRange(bits, 1, 6);
        Assert.True(bloom.MayContain(address.ToArray()));
        Assert.True(bloom.MayContain(topic.ToArray()));
        Assert.Equal(bloom, new LogsBloom(bloom.Bytes));
    }

    [Fact]
    public void The_bit_positions_follow_the_yellow_paper()
    {
        // keccak256("") = c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470:
        // pairs c5d2, 4601, 86f7 → & 2047 = 0x5d2 (1490), 0x601 (1537), 0x6f7 (1783); bit b is bit b%8 of byte 255 - b/8.
        var bloom = new LogsBloom();
        bloom.AddValue([]);
        var expected = new byte[LogsBloom.ByteLength];
        foreach (int bit in new[] { 1490, 1537, 1783 }) expected[255 - bit / 8] |= (byte)(1 << (bit % 8));
        Assert.Equal(expected, bloom.Bytes.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_log_hashed_in_one_batch_sets_the_bits_of_its_address_and_topics_one_by_one(int topicCount)
    {
        // Add hashes the address and the topics together (multi-lane Keccak); the bits must be those of each value alone.
        var address = Address.FromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");
        var topics = Enumerable.Range(0, topicCount).Select(t => Hash256.FromHex("0x" + string.Concat(Enumerable.Repeat($"{t + 1:x2}", 32)))).ToArray();
        var batched = LogsBloom.Of([new Log(address, topics, new byte[] { 1 })]);
        var expected = new LogsBloom();
        expected.AddValue(address.ToArray());
        foreach (var topic in topics) expected.AddValue(topic.ToArray());
        Assert.Equal(expected.Bytes.ToArray(), batched.Bytes.ToArray());
    }

    [Fact]
    public void A_block_bloom_is_the_union_of_its_receipts()
    {
        var a = new LogsBloom();
        a.AddValue([1]);
        var b = new LogsBloom();
        b.AddValue([2]);
        a.UnionWith(b);
        Assert.True(a.MayContain([1]));
        Assert.True(a.MayContain([2]));
    }

    [Fact]
    public void A_log_has_at_most_four_topics()
    {
        Assert.Throws<ArgumentException>(() => new Log(Address.Zero, new Hash256[5], ReadOnlyMemory<byte>.Empty));
    }
}
