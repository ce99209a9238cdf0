namespace Contracts.State.Trie;

/// <summary>The end of a key: the rest of its nibbles and its value.</summary>
internal sealed class LeafNode(NibblePath path, byte[] value) : TrieNode
{
    public NibblePath Path = path;

    public byte[] Value = value;
}
