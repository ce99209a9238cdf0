using Contracts.State.Primitives;
using Contracts.State.Tests.Support;
using Nethereum.Merkle.Patricia;
using OurTrie = Contracts.State.Trie.PatriciaTrie;
using Xunit;

namespace Contracts.State.Tests.Trie;

/// <summary>Our trie against an independent implementation on random write/update/delete sequences.</summary>
public sealed class NethereumDifferentialTests
{
    [Fact]
    public void Roots_match_Nethereum_after_every_operation()
    {
        PropertyRunner.Check(TrieGenerators.Operations, operations =>
        {
            var ours = new OurTrie();
            var reference = new Nethereum.Merkle.Patricia.PatriciaTrie();
            var storage = new InMemoryTrieStorage();
            foreach (var (key, value) in operations)
            {
                ours.Set(key, value ?? []);
                if (value is null) reference.Delete(key, storage);
                else reference.Put(key, value, storage);
                if (ours.RootHash != new Hash256(reference.Root.GetHash())) return false;
            }

            return true;
        }, maxTest: 200, seed: 21);
    }
}
