using System.Runtime.CompilerServices;

namespace Contracts.State.Trie;

/// <summary>Sixteen children, one per next nibble, and the value of a key that ends here.</summary>
internal sealed class BranchNode : TrieNode
{
    public BranchChildren Children;

    public byte[]? Value;

    public int ChildCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < 16; i++)
            {
                if (Children[i] is not null) count++;
            }

            return count;
        }
    }
}

/// <summary>The child slots of a branch, stored in the node itself rather than in a separate array.</summary>
[InlineArray(16)]
internal struct BranchChildren
{
    private TrieNode? _child;
}
