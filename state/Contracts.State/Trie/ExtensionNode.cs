namespace Contracts.State.Trie;

/// <summary>A run of nibbles shared by every key below it, leading to a branch.</summary>
internal sealed class ExtensionNode(NibblePath path, TrieNode child) : TrieNode
{
    public NibblePath Path = path;

    public TrieNode Child = child;
}
