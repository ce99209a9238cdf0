using Contracts.State.Tests.Support;
using Contracts.State.Trie;
using FsCheck.Fluent;
using Xunit;

namespace Contracts.State.Tests.Trie;

public sealed class TriePropertyTests
{
    [Fact]
    public void Root_does_not_depend_on_insertion_order()
    {
        var generator = TrieGenerators.Contents.SelectMany(contents =>
            Gen.Shuffle(contents.Keys.ToArray()).Select(order => (contents, order)));

        PropertyRunner.Check(generator, c =>
        {
            var sorted = Build(c.contents, c.contents.Keys.Order(StringComparer.Ordinal));
            var shuffled = Build(c.contents, c.order);
            return sorted.RootHash == shuffled.RootHash;
        }, maxTest: 300, seed: 11);
    }

    [Fact]
    public void Deleting_what_was_inserted_restores_the_previous_root_in_memory_and_after_reload()
    {
        var generator = TrieGenerators.Contents.SelectMany(before =>
            TrieGenerators.Contents.Select(added => (before, added)));

        PropertyRunner.Check(generator, c =>
        {
            var trie = Build(c.before, c.before.Keys);
            var original = trie.RootHash;
            var fresh = c.added.Where(p => !c.before.ContainsKey(p.Key)).ToList();
            foreach (var (key, value) in fresh) trie.Set(Convert.FromHexString(key), value);
            foreach (var (key, _) in fresh) trie.Delete(Convert.FromHexString(key));
            if (trie.RootHash != original) return false;

            // The same through committed nodes read back lazily from a store.
            var store = new DictionaryNodeStore();
            foreach (var (key, value) in fresh) trie.Set(Convert.FromHexString(key), value);
            var withAdded = trie.Commit(store);
            var reopened = new PatriciaTrie(withAdded, store);
            foreach (var (key, _) in fresh) reopened.Delete(Convert.FromHexString(key));
            return reopened.RootHash == original;
        }, maxTest: 300, seed: 12);
    }

    [Fact]
    public void Gets_match_a_dictionary_model_through_commits_and_reloads()
    {
        PropertyRunner.Check(TrieGenerators.Operations, operations =>
        {
            var store = new DictionaryNodeStore();
            var trie = new PatriciaTrie(store);
            var model = new Dictionary<string, byte[]>();
            for (var i = 0; i < operations.Length; i++)
            {
                var (key, value) = operations[i];
                trie.Set(key, value ?? []);
                if (value is null) model.Remove(Convert.ToHexString(key));
                else model[Convert.ToHexString(key)] = value;
                if (i % 7 == 6)
                {
                    trie = new PatriciaTrie(trie.Commit(store), store);
                }
            }

            foreach (var (key, _) in operations)
            {
                var expected = model.GetValueOrDefault(Convert.ToHexString(key));
                var actual = trie.Get(key);
                if (expected is null ? actual is not null : actual is null || !actual.AsSpan().SequenceEqual(expected)) return false;
            }

            return true;
        }, maxTest: 300, seed: 13);
    }

    [Fact]
    public void Proofs_verify_for_present_and_absent_keys()
    {
        var generator = TrieGenerators.Contents.SelectMany(contents =>
            Gen.ArrayOf(TrieGenerators.Key, 5).Select(probes => (contents, probes)));

        PropertyRunner.Check(generator, c =>
        {
            var store = new DictionaryNodeStore();
            var root = Build(c.contents, c.contents.Keys).Commit(store);
            var trie = new PatriciaTrie(root, store);
            foreach (var (key, value) in c.contents)
            {
                var bytes = Convert.FromHexString(key);
                if (!MerkleProof.VerifyValue(root, bytes, value, expectAbsent: false, trie.GetProof(bytes))) return false;
            }

            foreach (var probe in c.probes.Where(p => !c.contents.ContainsKey(Convert.ToHexString(p))))
            {
                if (!MerkleProof.VerifyValue(root, probe, [], expectAbsent: true, trie.GetProof(probe))) return false;
            }

            return true;
        }, maxTest: 300, seed: 14);
    }

    [Fact]
    public void A_tampered_proof_fails()
    {
        var generator = TrieGenerators.Contents.Where(c => c.Count > 0).SelectMany(contents =>
            Gen.Choose(0, contents.Count - 1).SelectMany(keyIndex =>
                Gen.Choose(0, int.MaxValue).Select(flip => (contents, keyIndex, flip))));

        PropertyRunner.Check(generator, c =>
        {
            var trie = Build(c.contents, c.contents.Keys);
            var root = trie.RootHash;
            var (hexKey, value) = c.contents.ElementAt(c.keyIndex);
            var key = Convert.FromHexString(hexKey);
            var proof = trie.GetProof(key).Select(n => n.ToArray()).ToList();

            var node = proof[c.flip % proof.Count];
            node[c.flip / proof.Count % node.Length] ^= (byte)(1 + c.flip % 255);
            var tamperedFails = !MerkleProof.VerifyValue(root, key, value, expectAbsent: false, proof);

            var truncated = trie.GetProof(key).Take(trie.GetProof(key).Count - 1).ToList();
            var truncatedFails = !MerkleProof.VerifyValue(root, key, value, expectAbsent: false, truncated);

            var otherValue = value.Append((byte)1).ToArray();
            var wrongValueFails = !MerkleProof.VerifyValue(root, key, otherValue, expectAbsent: false, trie.GetProof(key));
            return tamperedFails && truncatedFails && wrongValueFails;
        }, maxTest: 300, seed: 15);
    }

    private static PatriciaTrie Build(Dictionary<string, byte[]> contents, IEnumerable<string> order)
    {
        var trie = new PatriciaTrie();
        foreach (var key in order)
        {
            trie.Set(Convert.FromHexString(key), contents[key]);
        }

        return trie;
    }
}
