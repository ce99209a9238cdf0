namespace Contracts.State.Trie;

/// <summary>Turns a node known only by hash into its contents, or null when it is not available.</summary>
internal interface ITrieNodeResolver
{
    TrieNode? Resolve(HashedNode node);
}

/// <summary>
/// The one walk down a key's path, shared by reads (<see cref="PatriciaTrie.Get"/>), proofs
/// (<see cref="PatriciaTrie.GetProof"/>) and proof verification (<see cref="MerkleProof"/>): they differ only in
/// where hashed nodes come from and whether the nodes passed are collected.
/// </summary>
internal static class TrieWalk
{
    /// <summary>
    /// Follows <paramref name="path"/> from <paramref name="root"/>. Returns false when a node on the way could
    /// not be resolved; otherwise true with the value, or null when the key is absent. When
    /// <paramref name="proof"/> is given, the encoding of the root and of every node referenced by hash on the
    /// way is appended to it (inline nodes travel inside their parents), which proves presence or absence.
    /// </summary>
    public static bool TryFind<TResolver>(TrieNode? root, NibblePath path, TResolver resolver, List<byte[]>? proof, out byte[]? value)
        where TResolver : ITrieNodeResolver
    {
        value = null;
        var node = root;
        var isRoot = true;

        // Every step consumes at least one nibble (extensions have non-empty paths) or ends, so this terminates.
        while (node is not null)
        {
            if (node is HashedNode hashed)
            {
                node = resolver.Resolve(hashed);
                if (node is null)
                {
                    return false;
                }
            }

            if (proof is not null && (isRoot || node.ReferenceKind == NodeReferenceKind.Hash))
            {
                var encoding = new byte[TrieNodeCodec.EncodedLength(node)];
                TrieNodeCodec.Encode(node, encoding);
                proof.Add(encoding);
            }

            isRoot = false;
            switch (node)
            {
                case LeafNode leaf:
                    value = leaf.Path.SequenceEqual(path) ? leaf.Value : null;
                    return true;
                case ExtensionNode extension:
                    if (path.Length < extension.Path.Length || path.CommonPrefixLength(extension.Path) != extension.Path.Length)
                    {
                        return true;
                    }

                    path = path.Slice(extension.Path.Length);
                    node = extension.Child;
                    break;
                case BranchNode branch:
                    if (path.Length == 0)
                    {
                        value = branch.Value;
                        return true;
                    }

                    node = branch.Children[path[0]];
                    path = path.Slice(1);
                    break;
            }
        }

        return true;
    }
}
