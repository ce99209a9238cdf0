using Contracts.State.Primitives;
using Contracts.State.Rlp;

namespace Contracts.State.Trie;

/// <summary>Ethereum's RLP forms of trie nodes: leaf and extension as [hex-prefix path, value or child], branch as 17 items.</summary>
internal static class TrieNodeCodec
{
    private const int LeafOrExtensionItems = 2;
    private const int BranchItems = 17;
    private const int StackPathLimit = 256;

    /// <summary>Length of the encoding; every child must already have its reference.</summary>
    public static int EncodedLength(TrieNode node) => RlpWriter.LengthOfList(PayloadLength(node));

    public static int Encode(TrieNode node, Span<byte> destination)
    {
        var writer = new RlpWriter(destination);
        writer.WriteListHeader(PayloadLength(node));
        switch (node)
        {
            case LeafNode leaf:
                WritePath(ref writer, leaf.Path, isLeaf: true);
                writer.WriteString(leaf.Value);
                break;
            case ExtensionNode extension:
                WritePath(ref writer, extension.Path, isLeaf: false);
                WriteReference(ref writer, extension.Child);
                break;
            case BranchNode branch:
                for (var i = 0; i < 16; i++)
                {
                    var child = branch.Children[i];
                    if (child is null) writer.WriteEmptyString();
                    else WriteReference(ref writer, child);
                }

                if (branch.Value is null) writer.WriteEmptyString();
                else writer.WriteString(branch.Value);
                break;
            default:
                throw new InvalidOperationException($"A {node.GetType().Name} has no encoding of its own.");
        }

        return writer.Position;
    }

    /// <summary>Decodes a node read from a store under <paramref name="hash"/>; it keeps that reference.</summary>
    public static TrieNode DecodeStored(in Hash256 hash, ReadOnlySpan<byte> encoding)
    {
        var node = Decode(encoding);
        if (encoding.Length >= Hash256.Length)
        {
            node.ReferenceKind = NodeReferenceKind.Hash;
            node.Hash = hash;
        }
        else
        {
            node.ReferenceKind = NodeReferenceKind.Inline;
            node.InlineEncoding = encoding.ToArray();
        }

        node.IsPersisted = true;
        return node;
    }

    /// <summary>Decodes one node; hashed children become <see cref="HashedNode"/>s, inline children are decoded too.</summary>
    public static TrieNode Decode(ReadOnlySpan<byte> encoding)
    {
        try
        {
            var outer = new RlpReader(encoding);
            var items = outer.ReadList();
            outer.RequireEnd();
            var count = CountItems(items);
            if (count == LeafOrExtensionItems)
            {
                var encodedPath = items.ReadString();
                if (!NibblePath.TryFromHexPrefix(encodedPath, out var path, out var isLeaf))
                {
                    throw new InvalidTrieNodeException("Trie node has an invalid hex-prefix path.");
                }

                if (isLeaf)
                {
                    var value = items.ReadString();
                    if (value.Length == 0)
                    {
                        throw new InvalidTrieNodeException("Trie leaf has an empty value.");
                    }

                    return new LeafNode(path, value.ToArray()) { IsPersisted = true };
                }

                if (path.Length == 0)
                {
                    throw new InvalidTrieNodeException("Trie extension has an empty path.");
                }

                var child = DecodeReference(items.ReadRawItem())
                    ?? throw new InvalidTrieNodeException("Trie extension has no child.");
                return new ExtensionNode(path, child) { IsPersisted = true };
            }

            if (count == BranchItems)
            {
                var branch = new BranchNode { IsPersisted = true };
                for (var i = 0; i < 16; i++)
                {
                    branch.Children[i] = DecodeReference(items.ReadRawItem());
                }

                var value = items.ReadString();
                branch.Value = value.Length == 0 ? null : value.ToArray();
                return branch;
            }

            throw new InvalidTrieNodeException($"Trie node is a list of {count} items; expected 2 or 17.");
        }
        catch (RlpException e)
        {
            throw new InvalidTrieNodeException($"Trie node is not valid RLP: {e.Message}");
        }
    }

    private static TrieNode? DecodeReference(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 1 && raw[0] == 0x80)
        {
            return null;
        }

        if (raw.Length == 1 + Hash256.Length && raw[0] == 0x80 + Hash256.Length)
        {
            return new HashedNode(new Hash256(raw[1..])) { IsPersisted = true };
        }

        if (raw[0] >= 0xc0 && raw.Length < Hash256.Length)
        {
            var node = Decode(raw);
            node.ReferenceKind = NodeReferenceKind.Inline;
            node.InlineEncoding = raw.ToArray();
            return node;
        }

        throw new InvalidTrieNodeException(
            $"Trie child reference of {raw.Length} bytes is neither a 32-byte hash nor an inline node under 32 bytes.");
    }

    /// <summary>
    /// Whether a stored encoding is a leaf (two items, the path's hex-prefix flag saying leaf), read without
    /// decoding anything else; false for branches, extensions and anything malformed.
    /// </summary>
    public static bool IsLeaf(ReadOnlySpan<byte> encoding)
    {
        try
        {
            var items = new RlpReader(encoding).ReadList();
            if (items.NextIsList)
            {
                return false;
            }

            var first = items.ReadString();
            if (first.Length == 0 || items.AtEnd)
            {
                return false;
            }

            items.ReadRawItem();
            return items.AtEnd && (first[0] & 0x20) != 0;
        }
        catch (RlpException)
        {
            return false;
        }
    }

    private static int CountItems(RlpReader items)
    {
        var count = 0;
        while (!items.AtEnd)
        {
            items.ReadRawItem();
            count++;
        }

        return count;
    }

    private static int PayloadLength(TrieNode node)
    {
        switch (node)
        {
            case LeafNode leaf:
                return PathLength(leaf.Path) + RlpWriter.LengthOfString(leaf.Value);
            case ExtensionNode extension:
                return PathLength(extension.Path) + ReferenceLength(extension.Child);
            case BranchNode branch:
                var length = branch.Value is null ? 1 : RlpWriter.LengthOfString(branch.Value);
                for (var i = 0; i < 16; i++)
                {
                    var child = branch.Children[i];
                    length += child is null ? 1 : ReferenceLength(child);
                }

                return length;
            default:
                throw new InvalidOperationException($"A {node.GetType().Name} has no encoding of its own.");
        }
    }

    private static int ReferenceLength(TrieNode child)
    {
        if (child.IsDirty)
        {
            throw new InvalidOperationException("A child must be hashed before its parent is encoded.");
        }

        return child.ReferenceLength;
    }

    // The hex-prefix byte string; its first byte is at most 0x3f, so a one-byte path encodes as itself.
    private static int PathLength(in NibblePath path)
    {
        var length = path.HexPrefixLength;
        return length == 1 ? 1 : RlpWriter.LengthOfHeader(length) + length;
    }

    private static void WritePath(ref RlpWriter writer, in NibblePath path, bool isLeaf)
    {
        var length = path.HexPrefixLength;
        var encoded = length <= StackPathLimit ? stackalloc byte[length] : new byte[length];
        path.WriteHexPrefix(encoded, isLeaf);
        writer.WriteString(encoded);
    }

    private static void WriteReference(ref RlpWriter writer, TrieNode child)
    {
        if (child.ReferenceKind == NodeReferenceKind.Inline)
        {
            writer.WriteRaw(child.InlineEncoding);
            return;
        }

        Span<byte> hash = stackalloc byte[Hash256.Length];
        child.Hash.CopyTo(hash);
        writer.WriteString(hash);
    }
}
