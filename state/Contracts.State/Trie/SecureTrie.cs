using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>
/// The "secure" trie Ethereum uses for accounts and storage: every key is replaced by its Keccak-256 before it
/// enters the trie, so paths are 64 nibbles and evenly spread whatever the keys are.
/// </summary>
public sealed class SecureTrie
{
    public SecureTrie(ITrieNodeSource? source = null)
    {
        Inner = new PatriciaTrie(source);
    }

    public SecureTrie(Hash256 root, ITrieNodeSource source)
    {
        Inner = new PatriciaTrie(root, source);
    }

    internal PatriciaTrie Inner { get; }

    public Hash256 RootHash => Inner.RootHash;

    public byte[]? Get(ReadOnlySpan<byte> key) => Inner.Get(HashKey(key));

    public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            Inner.Delete(HashKey(key));
        }
        else
        {
            Inner.SetOwned(HashKey(key), value.ToArray());
        }
    }

    public bool Delete(ReadOnlySpan<byte> key) => Inner.Delete(HashKey(key));

    public Hash256 Commit(ITrieNodeSink sink) => Inner.Commit(sink);

    /// <summary>A proof for the hashed key; verify it with <see cref="MerkleProof"/> and Keccak-256 of the key.</summary>
    public IReadOnlyList<byte[]> GetProof(ReadOnlySpan<byte> key) => Inner.GetProof(HashKey(key));

    public static byte[] HashKey(ReadOnlySpan<byte> key) => Keccak256.Compute(key).ToArray();
}
