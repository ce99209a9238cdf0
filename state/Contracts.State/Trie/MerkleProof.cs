using Contracts.State.Crypto;
using Contracts.State.Primitives;

namespace Contracts.State.Trie;

/// <summary>Checks Merkle proofs made by <see cref="PatriciaTrie.GetProof"/> (or by any Ethereum client) against a root.</summary>
public static class MerkleProof
{
    /// <summary>
    /// Walks <paramref name="key"/> from <paramref name="root"/> through the proof's nodes. Returns false when the
    /// proof is incomplete, malformed or does not hash to the root; otherwise true with the proven value, or null
    /// when the proof shows the key is absent.
    /// </summary>
    public static bool TryVerify(Hash256 root, ReadOnlySpan<byte> key, IReadOnlyList<byte[]> proof, out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(proof);
        value = null;
        if (key.Length > PatriciaTrie.MaxKeyLength)
        {
            return false;
        }

        if (root == Hash256.EmptyTrieRoot)
        {
            return true;
        }

        var byHash = new Dictionary<Hash256, byte[]>(proof.Count);
        foreach (var encoding in proof)
        {
            byHash.TryAdd(Keccak256.Compute(encoding), encoding);
        }

        try
        {
            return Walk(root, NibblePath.FromKey(key.ToArray()), byHash, out value);
        }
        catch (InvalidTrieNodeException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>True when the proof is valid and shows exactly <paramref name="expected"/> (null: absent).</summary>
    public static bool VerifyValue(Hash256 root, ReadOnlySpan<byte> key, ReadOnlySpan<byte> expected, bool expectAbsent, IReadOnlyList<byte[]> proof) =>
        TryVerify(root, key, proof, out var value) &&
        (expectAbsent ? value is null : value is not null && value.AsSpan().SequenceEqual(expected));

    private static bool Walk(Hash256 root, NibblePath path, Dictionary<Hash256, byte[]> byHash, out byte[]? value) =>
        TrieWalk.TryFind(new HashedNode(root), path, new ProofResolver(byHash), proof: null, out value);

    /// <summary>Resolves hashed nodes from the proof's own nodes only.</summary>
    private readonly struct ProofResolver(Dictionary<Hash256, byte[]> byHash) : ITrieNodeResolver
    {
        public TrieNode? Resolve(HashedNode node) =>
            byHash.TryGetValue(node.Hash, out var encoding) ? TrieNodeCodec.Decode(encoding) : null;
    }
}
