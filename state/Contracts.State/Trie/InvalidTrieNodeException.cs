namespace Contracts.State.Trie;

/// <summary>Bytes that do not decode to a well-formed trie node (a corrupt store or a forged proof).</summary>
public sealed class InvalidTrieNodeException(string message) : FormatException(message);
