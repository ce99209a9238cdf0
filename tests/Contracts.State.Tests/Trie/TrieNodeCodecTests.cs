using Contracts.State.Trie;
using Xunit;

namespace Contracts.State.Tests.Trie;

public sealed class TrieNodeCodecTests
{
    [Fact]
    public void IsLeaf_tells_leaves_from_extensions_and_branches_by_the_hex_prefix_flag_and_the_item_count()
    {
        // [hex-prefix 0x20 0x12 (leaf, even path 1 2), value 0x05]
        Assert.True(TrieNodeCodec.IsLeaf([0xc4, 0x82, 0x20, 0x12, 0x05]));

        // [hex-prefix 0x3f (leaf, odd path f) as a single byte, value 0x05]
        Assert.True(TrieNodeCodec.IsLeaf([0xc2, 0x3f, 0x05]));

        // [hex-prefix 0x00 0x12 (extension), child hash]
        var extension = new byte[] { 0xe4, 0x82, 0x00, 0x12, 0xa0 }.Concat(new byte[32]).ToArray();
        Assert.False(TrieNodeCodec.IsLeaf(extension));

        // A branch whose first child's hash starts with 0x20, which read as a hex-prefix would say leaf.
        var branch = new List<byte> { 0xf1, 0xa0, 0x20 };
        branch.AddRange(new byte[31]);
        branch.AddRange(Enumerable.Repeat((byte)0x80, 16));
        Assert.False(TrieNodeCodec.IsLeaf(branch.ToArray()));

        Assert.False(TrieNodeCodec.IsLeaf([0xc4, 0x82]));
        Assert.False(TrieNodeCodec.IsLeaf([]));
    }
}
