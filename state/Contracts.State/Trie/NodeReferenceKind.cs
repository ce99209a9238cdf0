namespace Contracts.State.Trie;

internal enum NodeReferenceKind : byte
{
    /// <summary>The node changed since it was last encoded.</summary>
    Unknown,

    /// <summary>The parent stores the node's 32-byte hash (its encoding is 32 bytes or longer).</summary>
    Hash,

    /// <summary>The parent embeds the node's encoding, which is shorter than 32 bytes.</summary>
    Inline,
}
