using Contracts.Chain.Blocks;
using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.Chain.Tests;

public class BlockHeaderTests
{
    [Fact]
    public void A_header_changed_with_with_gets_its_own_hash()
    {
        using var chain = Blockchain.OpenInMemory(TestChain.Spec);
        var genesis = chain.Genesis;
        var original = genesis.Hash;
        var changed = genesis with { StateRoot = Hash256.FromHex("0x" + new string('3', 64)) };
        Assert.NotEqual(original, changed.Hash);
        Assert.Equal(Keccak256.Compute(changed.Encode()), changed.Hash);
        Assert.Equal(original, genesis.Hash);
    }
}
